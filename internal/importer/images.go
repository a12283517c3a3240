package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// ImageResult is one image a page or person showed, and what became of
// it.
type ImageResult struct {
	// Ref is the address the source wrote.
	Ref string
	// Path is the new site path ("/wp-content/uploads/2019/03/flu.jpg"),
	// "" when the image could not be had.
	Path string
	// How is "copied", "downloaded", "kept" (already in the site) or
	// "missing".
	How string
	// Why says why it is missing.
	Why string
	// Pages are the files that show it.
	Pages []string
}

// imageJob is the outcome for one image address, shared by every page
// that shows it.
type imageJob struct {
	res *ImageResult
}

// maxImage is the largest image --fetch downloads.
const maxImage = 25 << 20

// imageRef returns the new site's address for an image the source
// refers to as ref, copying it from the source tree or downloading it
// first; "" when it cannot be had. d is the doc that shows it, nil for a
// person's photo.
func (w *writer) imageRef(ref string, d *Doc) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	// A file of the doc's own bundle stays beside it.
	if d != nil && len(d.Bundle) > 0 && !strings.Contains(ref, "/") && !strings.Contains(ref, ":") {
		if _, ok := d.Bundle[ref]; ok {
			return safeName(ref)
		}
	}
	key := ref
	if j, ok := w.images[key]; ok {
		w.notePage(j, d)
		return j.res.Path
	}
	res := &ImageResult{Ref: ref}
	j := &imageJob{res: res}
	w.images[key] = j
	w.res.Images = append(w.res.Images, res)
	w.notePage(j, d)

	rel, abs, ok := w.imageSource(ref, d)
	if !ok {
		res.How, res.Why = "missing", "not an address carepress can copy an image from"
		return ""
	}
	dst, _ := safePath(rel)
	res.Path = "/" + dst
	file := "static/" + dst
	if _, err := w.root.Stat(file); err == nil {
		res.How = "kept"
		return res.Path
	}
	if src := w.locate(rel, d); src != "" {
		if err := w.copyFile(src, file); err != nil {
			res.How, res.Why, res.Path = "missing", fmt.Sprintf("cannot copy %s: %v", src, err), ""
			return ""
		}
		res.How = "copied"
		return res.Path
	}
	if !w.opts.Fetch || abs == "" {
		res.How, res.Path = "missing", ""
		res.Why = "not in the source folder"
		if abs != "" {
			res.Why += "; run the import again with --fetch to download it from " + abs
		}
		return ""
	}
	data, err := w.fetch(abs)
	if err != nil {
		res.How, res.Why, res.Path = "missing", err.Error(), ""
		return ""
	}
	if err := w.put(file, data); err != nil {
		res.How, res.Why, res.Path = "missing", err.Error(), ""
		return ""
	}
	res.How = "downloaded"
	return res.Path
}

func (w *writer) notePage(j *imageJob, d *Doc) {
	name := "carepress.yaml"
	if d != nil {
		name = d.file
	}
	for _, p := range j.res.Pages {
		if p == name {
			return
		}
	}
	j.res.Pages = append(j.res.Pages, name)
}

// imageSource reads an image address: rel is the path it takes in the
// new site's static/ (the same path as on the old site, so that links to
// the image keep working), abs the URL to download it from ("" when
// there is none). ok is false for an address that is no image file.
func (w *writer) imageSource(ref string, d *Doc) (rel, abs string, ok bool) {
	if strings.HasPrefix(ref, "data:") {
		return "", "", false
	}
	if p, own := w.ownPath(ref); own {
		p, _, _ = strings.Cut(p, "?")
		p, _, _ = strings.Cut(p, "#")
		if base := w.site.Config.BaseURL; base != "" {
			if bu, err := url.Parse(base); err == nil {
				abs = bu.Scheme + "://" + bu.Host + path.Join("/", w.site.BasePath, p)
			}
		}
		if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
			abs = ref
		}
		return strings.TrimPrefix(p, "/"), abs, p != "/"
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", "", false
	}
	if strings.HasPrefix(ref, "//") {
		u.Scheme = "https"
	}
	switch u.Scheme {
	case "http", "https":
		host := strings.ToLower(u.Hostname())
		// Jetpack's image CDN serves a site's uploads as
		// i0.wp.com/HOST/PATH: the file is the site's own.
		if m := wpCDN.FindStringSubmatch(host); m != nil {
			if h, rest, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/"); ok && sameHost(h, hostOf(w.site.Config.BaseURL)) {
				return rest, u.String(), true
			}
		}
		if u.Path == "" || u.Path == "/" {
			return "", "", false
		}
		return "images/" + host + u.Path, u.String(), true
	case "":
		// Relative to the page: the source resolves it.
		if d == nil {
			return strings.TrimPrefix(path.Clean("/"+u.Path), "/"), "", u.Path != ""
		}
		dir := path.Dir(strings.TrimPrefix(d.Source.File, "/"))
		return strings.TrimPrefix(path.Clean("/"+dir+"/"+u.Path), "/"), "", u.Path != ""
	}
	return "", "", false
}

var wpCDN = regexp.MustCompile(`^i[0-3]\.wp\.com$`)

// locate finds the file rel (an image's path on the old site) in the
// source folder, through the source's own rule; "" when it is not there.
// rel comes from the source and is not trusted: the file must lie inside
// the folder.
func (w *writer) locate(rel string, d *Doc) string {
	if w.site.locate == nil {
		return ""
	}
	return w.site.locate(rel, d)
}

// inside returns dir/rel when rel is a local path (no "..", not
// absolute) and the file is a regular file there; "" otherwise.
func inside(dir, rel string) string {
	rel = filepath.FromSlash(strings.TrimPrefix(rel, "/"))
	if dir == "" || !filepath.IsLocal(rel) {
		return ""
	}
	p := filepath.Join(dir, rel)
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	return p
}

// fetch downloads an image: http or https, at most maxImage bytes, a
// response that says it is an image.
func (w *writer) fetch(u string) ([]byte, error) {
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != "http" && pu.Scheme != "https" || pu.Host == "" {
		return nil, fmt.Errorf("cannot download %q: not an http(s) address", u)
	}
	client := w.opts.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	ctx := w.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "carepress-import")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot download %s: %v", u, shortErr(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cannot download %s: %s", u, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil && !strings.HasPrefix(mt, "image/") && mt != "application/octet-stream" {
			return nil, fmt.Errorf("cannot download %s: the server sent %s, not an image", u, mt)
		}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxImage+1))
	if err != nil {
		return nil, fmt.Errorf("cannot download %s: %v", u, shortErr(err))
	}
	if len(data) > maxImage {
		return nil, fmt.Errorf("cannot download %s: larger than %d MB", u, maxImage>>20)
	}
	return data, nil
}

// shortErr is err without the URL that net/http repeats.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
