package importer

import (
	"html"
	"regexp"
	"strings"
)

var scOpen = regexp.MustCompile(`\[([A-Za-z][A-Za-z0-9_-]*)((?:\s+[^\]]*)?)\]`)

// scAttrs reads a shortcode's attributes: name="v", name='v', name=v, or
// a bare value (the url of [embed url]).
var scAttr = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)`)

func parseAttrs(s string) map[string]string {
	out := map[string]string{}
	s = strings.TrimSuffix(strings.TrimSpace(s), "/")
	pos := 0
	for _, m := range scAttr.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			out[strings.ToLower(m[1])] = m[2] + m[3] + m[4]
		default:
			out["_"+itoaSmall(pos)] = m[5] + m[6]
			pos++
		}
	}
	return out
}

func itoaSmall(n int) string { return string(rune('0' + n%10)) }

// builders are page builders whose shortcodes only lay out their
// content: the tags go, the content stays.
var builders = regexp.MustCompile(`^(vc_|et_pb_|fusion_|av_|cs_|mk_|tatsu_|fl_|themify_|su_|row$|column$|one_half|one_third|two_third|one_fourth|three_fourth|section$|container$)`)

// wpShortcodes replaces the shortcodes WordPress core and the common
// plugins write: [caption] becomes a figure, [embed], [video], [audio]
// and [youtube] a link, [gallery] its images; a page builder's layout
// tags are taken off their content. Any other shortcode is left out and
// listed (a form, a slider), never published as text. A bracketed word
// that is no shortcode ("[sic]", "[1]") is left alone.
func wpShortcodes(s string, attachments map[string]*Elem) (string, []Unconverted) {
	var left []Unconverted
	var b strings.Builder
	i := 0
	for i < len(s) {
		m := scOpen.FindStringSubmatchIndex(s[i:])
		if m == nil {
			break
		}
		start, end := i+m[0], i+m[1]
		if start > 0 && s[start-1] == '[' { // [[escaped]]
			b.WriteString(s[i:end])
			i = end
			continue
		}
		name := strings.ToLower(s[i+m[2] : i+m[3]])
		attrText := s[i+m[4] : i+m[5]]
		closing := "[/" + name + "]"
		inner, after, paired := "", end, false
		if k := strings.Index(strings.ToLower(s[end:]), closing); k >= 0 && !strings.HasSuffix(strings.TrimSpace(attrText), "/") {
			inner, after, paired = s[end:end+k], end+k+len(closing), true
		}
		known := shortcodeNames[name] || builders.MatchString(name)
		if !known && !paired && !strings.Contains(attrText, "=") {
			// "[sic]", "[1]", "[Note]": text in brackets.
			b.WriteString(s[i:end])
			i = end
			continue
		}
		b.WriteString(s[i:start])
		attrs := parseAttrs(attrText)
		switch {
		case name == "caption" || name == "wp_caption":
			b.WriteString(captionHTML(inner))
		case name == "embed" || name == "youtube" || name == "vimeo" || name == "video" || name == "audio":
			u := strings.TrimSpace(inner)
			for _, k := range []string{"url", "src", "mp4", "mp3", "_0", "id"} {
				if u == "" || strings.Contains(u, "<") {
					u = attrs[k]
				}
			}
			if name == "youtube" && u != "" && !strings.Contains(u, "/") {
				u = "https://www.youtube.com/watch?v=" + u
			}
			if e := embedURL(html.UnescapeString(u)); e != "" {
				b.WriteString(`<p><a href="` + html.EscapeString(e) + `">` + html.EscapeString(embedLabel(e)) + `</a></p>`)
			} else {
				left = append(left, Unconverted{Tag: name, Text: clip(s[start:after], 60), Offset: start, Known: true})
			}
		case name == "gallery":
			ids := strings.Split(attrs["ids"], ",")
			var imgs []string
			for _, id := range ids {
				if a := attachments[strings.TrimSpace(id)]; a != nil {
					if u := a.Get("wp:attachment_url"); u != "" {
						imgs = append(imgs, `<p><img src="`+html.EscapeString(u)+`" alt="`+html.EscapeString(attachmentAlt(a))+`"></p>`)
					}
				}
			}
			if len(imgs) == 0 {
				left = append(left, Unconverted{Tag: name, Text: clip(s[start:after], 60), Offset: start, Known: true})
			}
			b.WriteString(strings.Join(imgs, "\n"))
		case builders.MatchString(name):
			// Layout only: the content stays, with its own shortcodes
			// read in turn.
			rest, more := wpShortcodes(inner, attachments)
			for k := range more {
				more[k].Offset += end
			}
			left = append(left, more...)
			b.WriteString(rest)
		default:
			left = append(left, Unconverted{Tag: name, Text: clip(s[start:after], 60), Offset: start, Known: true})
		}
		i = after
	}
	b.WriteString(s[i:])
	return b.String(), left
}

// shortcodeNames are the shortcodes of WordPress core and of plugins
// common on practice sites: each is taken as a shortcode even without
// attributes.
var shortcodeNames = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "embed": true, "video": true, "audio": true, "playlist": true,
	"youtube": true, "vimeo": true, "contact-form-7": true, "contact-form": true, "wpforms": true, "gravityform": true,
	"ninja_form": true, "ninja_forms": true, "rev_slider": true, "smartslider3": true, "instagram-feed": true,
	"custom-facebook-feed": true, "google-map": true, "wpgmza": true, "booking": true, "table": true, "tablepress": true,
}

// captionHTML is a [caption]'s content as a figure: its image (perhaps
// inside a link) and the text after it as the caption.
func captionHTML(inner string) string {
	loc := regexp.MustCompile(`(?is)^\s*(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?`).FindStringIndex(inner)
	if loc == nil {
		return "<p>" + inner + "</p>"
	}
	img := inner[loc[0]:loc[1]]
	if k := strings.Index(strings.ToLower(img), "<img"); k >= 0 {
		img = img[k:]
		if e := strings.IndexByte(img, '>'); e >= 0 {
			img = img[:e+1]
		}
	}
	caption := strings.TrimSpace(inner[loc[1]:])
	return "<figure>" + img + "<figcaption>" + caption + "</figcaption></figure>"
}

func attachmentAlt(a *Elem) string {
	for _, m := range a.All("wp:postmeta") {
		if m.Get("wp:meta_key") == "_wp_attachment_image_alt" {
			return strings.TrimSpace(m.Get("wp:meta_value"))
		}
	}
	return ""
}
