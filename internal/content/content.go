// Package content walks a site's content/ folder and parses every source
// file: front matter into typed metadata (with the position of each field)
// and the markdown body into HTML with its summary, headings and links.
//
// The folder's first level says what a file is:
//
//	content/posts/SLUG.md, content/posts/SLUG/index.md   posts (a bundle keeps its images beside it)
//	content/authors/ID.md                                 people
//	content/series/ID.md                                  tip series
//	content/notices/ID.md                                 boundary and legal notices
//	content/services/ID.md, content/services/ID/index.md  what the practice offers (a bundle keeps its images);
//	                                                      content/services/index.md is the intro of their list
//	anything else                                         plain pages
//
// A translation sits beside its original with its language before the
// extension: content/posts/flu-shot.es.md, content/posts/SLUG/index.es.md,
// content/about.es.md, content/notices/ID.es.md, for any kind. The
// language is one of the site's (config.Config.Languages), by its code or
// its language subtag; a translation has its original's ID and its own
// Lang, and comes in Set.Translations, apart from the default language's
// files. A name that gives a language the site does not list is an error
// (with did-you-mean): it was surely meant as a translation, and read as a
// page of its own it would publish a second, untranslated-looking page.
//
// Files are parsed in parallel. Load returns every problem it finds, each
// at its file, line and column, rather than stopping at the first. Nothing
// is dropped without a word: a file another generator would render as a
// page (a .markdown file, an .html one with front matter) is a warning, and
// so is each piece of markup a page would show as text
// (markdown.Doc.Literals), at its line in the file.
package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/fmatter"
	"github.com/carepress/carepress/internal/locale"
	"github.com/carepress/carepress/internal/markdown"
	"github.com/carepress/carepress/internal/par"
)

// Dir is the content folder at the site root.
const Dir = "content"

// Kind is what a content file is.
type Kind int

// The kinds of content file.
const (
	KindPage Kind = iota
	KindPost
	KindPerson
	KindSeries
	KindNotice
	KindService
)

var kindDirs = map[string]Kind{"posts": KindPost, "authors": KindPerson, "series": KindSeries, "notices": KindNotice, "services": KindService}

func (k Kind) String() string {
	return [...]string{"page", "post", "person", "series", "notice", "service"}[k]
}

// bundled reports whether files of kind k may be bundles: a folder with
// index.md and the images it shows.
func (k Kind) bundled() bool { return k == KindPost || k == KindService }

// File is one parsed content file.
type File struct {
	Kind Kind
	// ID names the file within its kind: the file name without .md, or the
	// bundle's folder name; for pages, the path below content/ ("about",
	// "services/vaccines"). A translation has its original's ID, which is
	// so the translation key: flu-shot.es.md and flu-shot.md are both
	// "flu-shot", told apart by Lang.
	ID string
	// Lang is the code of the site's language the file is written in: the
	// one its name gives before .md (flu-shot.es.md is in es-US when the
	// site lists es-US), else the site's default language.
	Lang string
	// Path is the file's path from the site root, slash-separated.
	Path string
	// BundleDir is the folder of a bundle (content/posts/SLUG,
	// content/services/ID), or "".
	BundleDir string
	// Resources are the other files of a bundle, relative to BundleDir.
	Resources []string

	Post    *PostMeta // posts and pages
	Person  *PersonMeta
	Series  *SeriesMeta
	Notice  *NoticeMeta
	Service *ServiceMeta

	// Pos is where each front matter field was written; read it with At.
	Pos Positions
	// BodyLine is the file's line on which the markdown body starts.
	BodyLine int
	// Body is the markdown source of the body. A post loaded through a
	// Cache does not keep it in memory: read it with Markdown.
	Body []byte
	// Doc is the converted body. A post loaded through a Cache keeps
	// neither Doc.Text, Doc.HTML, Doc.TOC nor Doc.Links in memory: read
	// them with PlainText, HTML, TOC and Links.
	Doc *markdown.Doc
	// Hash identifies the file's contents, for caches.
	Hash [32]byte

	// pack holds the post's record (see pack.go), at off with parts of
	// lens bytes, when Body and those parts of Doc were moved there; nil
	// when they are in memory.
	pack *Cache
	off  int64
	lens parts
}

// readPart returns part i of f's record in the pack.
func (f *File) readPart(i int) ([]byte, error) {
	if f.lens[i] == 0 {
		return nil, nil
	}
	return f.pack.read(f, f.lens.at(f.off, i), int(f.lens[i]), partNames[i])
}

// Markdown returns the markdown source of the body: Body, or what the
// cache's pack holds of it. Every post of a large site is in memory at
// once, so its body is read when a rule or a render needs it, and dropped.
func (f *File) Markdown() ([]byte, error) {
	if f.pack == nil {
		return f.Body, nil
	}
	b, err := f.readPart(partBody)
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

// HTML returns Doc.HTML (the converted body), read from the cache's pack
// when it is not in memory; nil for a file with no Doc. A page's body is
// read when a layout or a feed shows it, never kept with the model.
func (f *File) HTML() ([]byte, error) {
	if f.Doc == nil {
		return nil, nil
	}
	if f.pack == nil {
		return f.Doc.HTML, nil
	}
	b, err := f.readPart(partHTML)
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

// PlainText returns Doc.Text (the body's plain text), read from the
// cache's pack when it is not in memory; "" for a file with no Doc.
func (f *File) PlainText() (string, error) {
	if f.Doc == nil {
		return "", nil
	}
	if f.pack == nil {
		return f.Doc.Text, nil
	}
	b, err := f.readPart(partText)
	return string(b), err
}

// TOC returns Doc.TOC (the body's headings), read from the cache's pack
// when it is not in memory; nil for a file with no Doc.
func (f *File) TOC() ([]markdown.Heading, error) {
	return readDecoded(f, func(d *markdown.Doc) []markdown.Heading { return d.TOC }, partTOC, decodeTOC)
}

// Links returns Doc.Links (the body's links), read from the cache's pack
// when it is not in memory; nil for a file with no Doc.
func (f *File) Links() ([]markdown.Link, error) {
	return readDecoded(f, func(d *markdown.Doc) []markdown.Link { return d.Links }, partLinks, decodeLinks)
}

// readDecoded is a list of f's Doc: in memory, or the part of its pack
// record that decode reads.
func readDecoded[T any](f *File, inDoc func(*markdown.Doc) []T, part int, decode func([]byte) ([]T, error)) ([]T, error) {
	if f.Doc == nil {
		return nil, nil
	}
	if f.pack == nil {
		return inDoc(f.Doc), nil
	}
	b, err := f.readPart(part)
	if err != nil || b == nil {
		return nil, err
	}
	xs, err := decode(b)
	if err != nil {
		return nil, f.pack.readErr(f, part, err)
	}
	return xs, nil
}

// BodySize is the length in bytes of the markdown body, whether or not it
// is held in memory.
func (f *File) BodySize() int {
	if f.pack == nil {
		return len(f.Body)
	}
	return int(f.lens[partBody])
}

// Set is everything under content/.
type Set struct {
	Posts    []*File
	Pages    []*File
	People   []*File
	Series   []*File
	Notices  []*File
	Services []*File
	// Translations are the files in the site's other languages, of every
	// kind, by path; the lists above hold the default language's.
	Translations []*File
}

// Options configure Load.
type Options struct {
	Config    *config.Config
	Converter *markdown.Converter
	// Cache, when set, keeps parsed posts between builds: an unchanged
	// post is taken from it rather than parsed and converted again.
	Cache *Cache
	// Unchanged, when set, reports the posts known not to have changed
	// since Cache saw them (a dev server's watcher knows); they are not
	// even read.
	Unchanged func(path string) bool
}

// Load parses every file under content/ in fsys (the site root). Warnings
// come back in the list together with errors; the set is nil only when a
// file could not be listed.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Set, diag.List) {
	jobs, errs := list(fsys, opts.Config)
	if len(errs.Errors()) > 0 {
		return nil, errs
	}
	files := make([]*File, len(jobs))
	probs := make([]diag.List, len(jobs))
	if err := par.Each(ctx, len(jobs), func(i int) { files[i], probs[i] = parse(fsys, jobs[i], opts) }); err != nil {
		errs.Add(err)
		return nil, errs
	}
	set := &Set{}
	for i, f := range files {
		errs = append(errs, probs[i]...)
		if f == nil {
			continue
		}
		if f.Lang != opts.Config.Language {
			set.Translations = append(set.Translations, f)
			continue
		}
		switch f.Kind {
		case KindPost:
			set.Posts = append(set.Posts, f)
		case KindPerson:
			set.People = append(set.People, f)
		case KindSeries:
			set.Series = append(set.Series, f)
		case KindNotice:
			set.Notices = append(set.Notices, f)
		case KindService:
			set.Services = append(set.Services, f)
		default:
			set.Pages = append(set.Pages, f)
		}
	}
	errs.Sort()
	return set, errs
}

type job struct {
	kind      Kind
	id        string
	lang      string
	path      string
	bundleDir string
	resources []string
}

// list finds the content files, in a stable order.
func list(fsys fs.FS, cfg *config.Config) ([]job, diag.List) {
	var errs diag.List
	var jobs []job
	resources := map[string][]string{} // bundle dir → its other files
	bundles := map[string]bool{}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				return nil // a site with no content yet is still a site
			}
			errs.Add(fmt.Errorf("cannot read %s: %w", p, err)) // a link out of the site names itself
			return nil
		}
		name := d.Name()
		if p != Dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // editors' swap and backup files
		}
		if d.IsDir() {
			return nil
		}
		if path.Ext(name) != ".md" {
			if w := unread(fsys, p); w != nil {
				errs = append(errs, w)
				return nil
			}
			resources[path.Dir(p)] = append(resources[path.Dir(p)], name)
			return nil
		}
		lang, stem, problem := fileLanguage(p, cfg)
		if problem != nil {
			errs = append(errs, problem)
			if problem.Severity == diag.SevError {
				return nil
			}
		}
		// Where the file sits and what it is are read from its name
		// without its language: flu-shot.es.md is a post "flu-shot".
		rel := strings.TrimPrefix(path.Join(path.Dir(p), stem+".md"), Dir+"/")
		top, rest, nested := strings.Cut(rel, "/")
		j := job{kind: KindPage, path: p, lang: lang}
		if k, ok := kindDirs[top]; ok && nested {
			j.kind = k
			switch {
			case k == KindService && (rest == "index.md" || rest == "_index.md"):
				// The intro of the list of services, a page.
				j.kind, j.id = KindPage, top
			case !strings.Contains(rest, "/"):
				j.id = strings.TrimSuffix(rest, ".md")
			case k.bundled() && strings.Count(rest, "/") == 1 && path.Base(rest) == "index.md":
				j.id = path.Dir(rest)
				j.bundleDir = path.Dir(p)
				bundles[j.bundleDir] = true
			default:
				errs = append(errs, diag.Errorf(diag.Pos{File: p}, fmt.Sprintf("put it at %s/%s/NAME.md, or a bundle at %s/posts/NAME/index.md or %s/services/NAME/index.md", Dir, top, Dir, Dir),
					"%s is nested too deep for a %s", p, k))
				return nil
			}
		} else {
			id := strings.TrimSuffix(rel, ".md")
			if path.Base(id) == "index" || path.Base(id) == "_index" {
				id = path.Dir(id)
				if id == "." {
					id = ""
				}
				j.bundleDir = path.Dir(p)
				bundles[j.bundleDir] = true
			}
			j.id = id
		}
		jobs = append(jobs, j)
		return nil
	})
	if err != nil {
		errs.Add(err)
	}
	for i := range jobs {
		if jobs[i].bundleDir != "" {
			jobs[i].resources = resources[jobs[i].bundleDir]
			sort.Strings(jobs[i].resources)
		}
	}
	return jobs, errs
}

// fileLanguage reads the language of the content file at p from its name
// (flu-shot.es.md, index.es.md): the code of the site's language its last
// dotted part before .md names, and the name without it ("flu-shot").
// A file whose name gives no language of the site is in the default
// language, its name whole; one that names a language the site does not
// list is an error, since it was surely meant as a translation; one named
// for the default language (flu-shot.en.md) is read as the original it
// is, with a warning to drop the language.
func fileLanguage(p string, cfg *config.Config) (lang, stem string, problem *diag.Error) {
	stem = strings.TrimSuffix(path.Base(p), ".md")
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 {
		return cfg.Language, stem, nil
	}
	suffix := stem[i+1:]
	code, isDefault, ok := cfg.SuffixLanguage(suffix)
	switch {
	case ok && !isDefault:
		return code, stem[:i], nil
	case ok:
		return cfg.Language, stem[:i], diag.Warnf(diag.Pos{File: p}, "rename it to "+stem[:i]+".md",
			"%s is named for %s, the site's default language, whose files need no language in their name: it is read as %s.md", p, cfg.Language, stem[:i])
	case locale.IsLanguageCode(suffix):
		hint := fmt.Sprintf("add `languages: [{code: %s}]` to %s if the site is to have that language, or rename the file", suffix, config.FileName)
		c := diag.Closest(suffix, cfg.LanguageSuffixes())
		if c == "" {
			c = diag.Closest(locale.Base(suffix), cfg.LanguageSuffixes())
		}
		if c != "" {
			hint = fmt.Sprintf("did you mean %q? rename it to %s.%s.md, or ", c, stem[:i], c) + hint
		}
		return cfg.Language, stem, diag.Errorf(diag.Pos{File: p}, hint,
			"%s is named as a translation into %q, which is not one of the site's languages", p, suffix)
	}
	return cfg.Language, stem, nil
}

// OriginalPath is the path of the file that the translation at p
// translates: flu-shot.es.md's is flu-shot.md, and index.es.md's is
// index.md beside it. (A post may also be the bundle flu-shot/index.md,
// with the same ID.)
func OriginalPath(p string) string {
	stem := strings.TrimSuffix(path.Base(p), ".md")
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	return path.Join(path.Dir(p), stem+".md")
}

// otherMarkdown are the other names of markdown files that Jekyll and
// Hugo read: a site moved in keeps them.
var otherMarkdown = []string{".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"}

// otherPages are formats Jekyll and Hugo render as pages when they open
// with front matter; without it they are files to publish as they are.
var otherPages = []string{".html", ".htm", ".adoc", ".asciidoc", ".org", ".rst", ".pandoc", ".pdc", ".textile"}

// unread is the warning for a file under content/ that another generator
// would have rendered as a page but carepress does not read, or nil. Such
// a page would vanish from the site without a word; it is not published
// as a file either.
func unread(fsys fs.FS, p string) *diag.Error {
	ext := strings.ToLower(path.Ext(p))
	name := strings.TrimSuffix(path.Base(p), path.Ext(p)) + ".md"
	switch {
	case ext == ".md" || slices.Contains(otherMarkdown, ext):
		return diag.Warnf(diag.Pos{File: p}, "rename it to "+name,
			"%s is not read: carepress reads markdown only from files ending in .md", p)
	case slices.Contains(otherPages, ext) && startsWithFrontMatter(fsys, p):
		return diag.Warnf(diag.Pos{File: p}, "rename it to "+name+", or delete its front matter to publish it as a file",
			"%s has front matter but is not read: carepress reads pages only from .md files", p)
	}
	return nil
}

// startsWithFrontMatter reads the start of the file at p.
func startsWithFrontMatter(fsys fs.FS, p string) bool {
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var buf [256]byte
	n, _ := io.ReadFull(f, buf[:])
	return fmatter.HasFrontMatter(buf[:n])
}

func parse(fsys fs.FS, j job, opts Options) (*File, diag.List) {
	c := opts.Cache
	if c == nil || j.kind != KindPost {
		return parseFile(fsys, j, opts)
	}
	place := func(f *File, probs diag.List) (*File, diag.List) {
		// Where a post sits and what its bundle holds can change without
		// its source changing. A File a build used is not changed: the
		// change goes to a copy.
		if f.Kind != j.kind || f.ID != j.id || f.Lang != j.lang || f.Path != j.path || f.BundleDir != j.bundleDir || !slices.Equal(f.Resources, j.resources) {
			g := *f
			g.Kind, g.ID, g.Lang, g.Path, g.BundleDir, g.Resources = j.kind, j.id, j.lang, j.path, j.bundleDir, j.resources
			f = &g
		}
		return f, probs
	}
	if opts.Unchanged != nil && opts.Unchanged(j.path) {
		if f, probs := c.previous(j.path, opts.Config.Location); f != nil {
			return place(f, probs)
		}
	}
	// Stat before reading: a change after the stat changes the stat.
	fi, probs := statSource(fsys, j, opts)
	if probs != nil {
		return nil, probs
	}
	st := statOf(fi, time.Now())
	set := settingsKey(opts)
	if f, probs := c.current(j.path, st, set, opts.Config.Location); f != nil {
		return place(f, probs)
	}
	raw, probs := readSource(fsys, j, fi, opts)
	if probs != nil {
		return nil, probs
	}
	key := c.key(raw, opts)
	if f, probs := c.lookup(j.path, key, opts.Config.Location); f != nil {
		c.noteStat(j.path, st, set)
		return place(f, probs)
	}
	f, probs := parseRaw(j, raw, opts)
	if f != nil && probs.Err() == nil {
		if err := c.store(f, key, probs, opts.Config.Location); err != nil {
			probs.Add(fmt.Errorf("%s: %w", j.path, err))
		} else {
			c.noteStat(j.path, st, set)
		}
	}
	return f, probs
}

func parseFile(fsys fs.FS, j job, opts Options) (*File, diag.List) {
	fi, probs := statSource(fsys, j, opts)
	if probs != nil {
		return nil, probs
	}
	raw, probs := readSource(fsys, j, fi, opts)
	if probs != nil {
		return nil, probs
	}
	return parseRaw(j, raw, opts)
}

// statSource describes the file of j. One that is not a plain file (a
// FIFO would block the build), or is over markdown.max_file_kb (a 50 MB
// file took 18 s and 1 GB, and was copied into every feed), is an error
// before anything of it is read.
func statSource(fsys fs.FS, j job, opts Options) (fs.FileInfo, diag.List) {
	var errs diag.List
	fi, err := fs.Stat(fsys, j.path)
	switch {
	case err != nil:
		errs.Add(fmt.Errorf("cannot read %s: %w", j.path, err))
	case !fi.Mode().IsRegular():
		errs = append(errs, diag.Errorf(diag.Pos{File: j.path}, "replace it with a plain text file, or remove it", "not a regular file"))
	case fi.Size() > opts.Config.Markdown.MaxFileBytes():
		errs = append(errs, tooBig(j, fi.Size(), opts))
	default:
		return fi, nil
	}
	return nil, errs
}

// readSource reads the file of j that fi describes, stopping past the
// size limit should the file have grown since.
func readSource(fsys fs.FS, j job, fi fs.FileInfo, opts Options) ([]byte, diag.List) {
	var errs diag.List
	limit := opts.Config.Markdown.MaxFileBytes()
	f, err := fsys.Open(j.path)
	if err != nil {
		errs.Add(fmt.Errorf("cannot read %s: %w", j.path, err))
		return nil, errs
	}
	defer f.Close()
	var b bytes.Buffer
	b.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		errs.Add(fmt.Errorf("cannot read %s: %w", j.path, err))
		return nil, errs
	}
	if int64(b.Len()) > limit {
		errs = append(errs, tooBig(j, int64(b.Len()), opts))
		return nil, errs
	}
	return b.Bytes(), nil
}

func tooBig(j job, size int64, opts Options) *diag.Error {
	return diag.Errorf(diag.Pos{File: j.path}, fmt.Sprintf("split it into shorter %ss, or raise markdown.max_file_kb in %s", j.kind, config.FileName),
		"the file is %d KB, over the limit of %d KB", (size+1023)>>10, opts.Config.Markdown.MaxFileBytes()>>10)
}

func parseRaw(j job, raw []byte, opts Options) (*File, diag.List) {
	var errs diag.List
	src, err := fmatter.Split(j.path, raw)
	if err != nil {
		errs.Add(err)
		return nil, errs
	}
	f := &File{
		Kind: j.kind, ID: j.id, Lang: j.lang, Path: j.path, BundleDir: j.bundleDir, Resources: j.resources,
		BodyLine: src.BodyLine, Body: src.Body, Hash: sha256.Sum256(raw),
	}
	d := fmatter.Decoder{File: j.path, Loc: opts.Config.Location}
	var meta any
	switch j.kind {
	case KindPost, KindPage:
		f.Post = &PostMeta{}
		meta = f.Post
	case KindPerson:
		f.Person = &PersonMeta{}
		meta = f.Person
	case KindSeries:
		f.Series = &SeriesMeta{}
		meta = f.Series
	case KindNotice:
		f.Notice = &NoticeMeta{}
		meta = f.Notice
	case KindService:
		f.Service = &ServiceMeta{}
		meta = f.Service
	}
	pos, decErrs := d.Decode(src.Meta, meta)
	if f.Post != nil {
		f.Post.intern()
	}
	f.Pos = compact(pos)
	errs = append(errs, decErrs...)
	errs = append(errs, f.checkValues()...)
	if e := empty(f, raw); e != nil {
		errs = append(errs, e)
	}
	if j.kind == KindNotice {
		body, err := ExpandIn(j.lang, j.path, f.BodyLine, f.Body, opts.Config)
		if err != nil {
			errs.Add(err)
		} else {
			f.Body = body
		}
	}
	f.Doc, err = opts.Converter.Convert(f.Body)
	if err != nil {
		errs = append(errs, diag.Errorf(diag.Pos{File: j.path, Line: f.BodyLine}, "", "cannot convert markdown: %v", err))
		return nil, errs
	}
	for _, l := range f.Doc.Literals {
		msg, hint := l.Describe()
		errs = append(errs, diag.Warnf(diag.Pos{File: j.path, Line: f.BodyLine + l.Line - 1, Col: l.Col}, hint, "%s", msg))
	}
	return f, errs
}

// empty reports a file with nothing to publish. A post or a page needs
// text, unless it is a draft (a title waiting for its text): an empty
// page on the site says nothing to a patient. The home page's intro
// (content/_index.md) and a page with a layout of its own may be empty,
// since the home page and the layout make the page. A notice needs text
// or at least a summary, which is what footers and banners show. People
// and series need none: an empty one is a warning.
func empty(f *File, raw []byte) *diag.Error {
	if len(bytes.TrimSpace(f.Body)) > 0 {
		return nil
	}
	pos := diag.Pos{File: f.Path, Line: f.BodyLine}
	switch f.Kind {
	case KindPost, KindPage:
		if f.Post.Draft || f.Kind == KindPage && (f.ID == "" || f.Post.Layout != "") {
			return nil
		}
		return diag.Errorf(pos, "write its text below the front matter, or set `draft: true` until it is written", "the %s has no text", f.Kind)
	case KindNotice:
		if strings.TrimSpace(f.Notice.Summary) != "" {
			return nil
		}
		return diag.Errorf(pos, "write the notice's text below the front matter, or at least a `summary:`", "the notice has no text and no summary")
	case KindService:
		if f.Service.Draft || strings.TrimSpace(f.Service.Summary) != "" {
			return nil
		}
		return diag.Errorf(pos, "say below the front matter what a visit is like, or at least give a `summary:`", "the service has no text and no summary")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return diag.Warnf(diag.Pos{File: f.Path}, "write some content, or delete the file", "empty file")
	}
	return nil
}

// PracticeValues are the practice's details a notice may use, as
// {{ .Practice.Phone }}.
type PracticeValues struct {
	Name, Phone, Email, PortalURL, BookingURL, EmergencyNumber string
}

// NoticeHelpers are sentences a notice may write with whatever contact
// details the practice has, each made once here so that no notice says
// "use the patient portal at , or call": {{ template "reach" .Practice }}
// is how a patient reaches the care team ("send us a message through the
// patient portal at URL, or call PHONE", "call PHONE", "contact the
// practice"), and {{ template "tell" .Practice }} a sentence that asks
// them to tell the practice something, by email or phone.
const NoticeHelpers = `{{ define "reach" -}}
{{ if .PortalURL }}send us a message through the patient portal at {{ .PortalURL }}{{ if .Phone }}, or call {{ .Phone }}{{ end -}}
{{ else if .Phone }}call us on {{ .Phone }}{{ else }}contact the practice{{ end }}
{{- end }}{{ define "tell" -}}
{{ if and .Email .Phone }}Tell us at {{ .Email }} or {{ .Phone }}.{{ else if .Email }}Tell us at {{ .Email }}.{{ else if .Phone }}Call us on {{ .Phone }}.{{ else }}Please tell us.{{ end }}
{{- end }}`

// noticeHelpersES are NoticeHelpers in Spanish, addressing the reader as
// usted, as a practice's Spanish pages do.
const noticeHelpersES = `{{ define "reach" -}}
{{ if .PortalURL }}envíenos un mensaje por el portal del paciente en {{ .PortalURL }}{{ if .Phone }} o llame al {{ .Phone }}{{ end -}}
{{ else if .Phone }}llámenos al {{ .Phone }}{{ else }}comuníquese con la clínica{{ end }}
{{- end }}{{ define "tell" -}}
{{ if and .Email .Phone }}Avísenos a {{ .Email }} o al {{ .Phone }}.{{ else if .Email }}Avísenos a {{ .Email }}.{{ else if .Phone }}Llámenos al {{ .Phone }}.{{ else }}Por favor, avísenos.{{ end }}
{{- end }}`

// noticeHelpers are NoticeHelpers by language subtag.
var noticeHelpers = map[string]string{"en": NoticeHelpers, "es": noticeHelpersES}

// Expand runs a notice's text through text/template with the practice's
// values, so that every notice states the same phone number and emergency
// number as the configuration. line is the file line the text starts on.
// It runs on a budget of steps, time and output (see budget.go): a
// template that would hang or fill memory is an error at its line.
func Expand(file string, line int, text []byte, c *config.Config) ([]byte, error) {
	return ExpandIn(c.Language, file, line, text, c)
}

// ExpandIn is Expand for a notice written in the language lang: its
// "reach" and "tell" sentences are in that language (English for one
// carepress has none in).
func ExpandIn(lang, file string, line int, text []byte, c *config.Config) ([]byte, error) {
	if !bytes.Contains(text, []byte("{{")) {
		return text, nil
	}
	helpers, ok := noticeHelpers[locale.Base(lang)]
	if !ok {
		helpers = NoticeHelpers
	}
	b := newBudget()
	t := template.New(file).Option("missingkey=error").Funcs(b.funcs())
	if _, err := t.New("helpers").Parse(helpers); err != nil {
		return nil, err
	}
	if _, err := t.Parse(string(text)); err != nil {
		return nil, templateError(file, line, err)
	}
	for _, d := range t.Templates() {
		addSteps(d.Tree)
	}
	// The phone as the site's pages show it: "(02) 9374 4000" in
	// Australia, however carepress.yaml writes it.
	data := map[string]any{"Practice": PracticeValues{
		Name: c.Practice.Name, Phone: c.PhoneText(c.Practice.Phone), Email: c.Practice.Email,
		PortalURL: c.Practice.PortalURL, BookingURL: c.Practice.BookingURL,
		EmergencyNumber: c.Practice.EmergencyNumber,
	}}
	// The clock runs from here: parsing is bounded by the text's size, and
	// a busy machine may pause this goroutine between the two.
	b.deadline = time.Now().Add(maxNoticeTime)
	if err := t.Execute(b, data); err != nil {
		return nil, templateError(file, line, err)
	}
	return []byte(b.out.String()), nil
}

// templateError places a text/template error ("template: NAME:3: ...") at
// its line in the file.
func templateError(file string, offset int, err error) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: "+file+":")
	pos := diag.Pos{File: file, Line: offset}
	if ok {
		var n int
		if _, e := fmt.Sscanf(rest, "%d:", &n); e == nil {
			pos.Line = offset + n - 1
			rest = rest[strings.IndexByte(rest, ':')+1:]
			if c, r, ok := strings.Cut(rest, ":"); ok {
				if _, e := fmt.Sscanf(c, "%d", &pos.Col); e == nil {
					pos.Col++ // text/template counts columns from 0
					rest = r
				}
			}
		}
		msg = strings.TrimSpace(rest)
	}
	if be, ok := budgetError(err); ok {
		return diag.Errorf(pos, "a notice needs only the practice's values: write {{ .Practice.Phone }} and the like", "%s", be.msg)
	}
	return diag.Errorf(pos, "use {{ .Practice.Name }}, .Phone, .Email, .PortalURL, .BookingURL or .EmergencyNumber, or {{ template \"reach\" .Practice }}", "%s", msg)
}

// Humanize turns an id into a title for a file that has none: "flu-shot" → "Flu shot".
func Humanize(id string) string {
	s := strings.ReplaceAll(path.Base(id), "-", " ")
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" || s == "." {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
