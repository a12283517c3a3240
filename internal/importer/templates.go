package importer

import (
	"regexp"
	"strings"
)

// scanCode calls fn for each stretch of src outside code (fenced blocks
// and inline code spans), with its offset; fn returns what to write for
// it. Code is written as it is: it shows template tags on purpose.
func scanCode(src string, fn func(s string, off int) string) string {
	var b strings.Builder
	lines := strings.SplitAfter(src, "\n")
	off := 0
	fence := ""
	var text strings.Builder
	textOff := 0
	flush := func() {
		if text.Len() > 0 {
			b.WriteString(outsideSpans(text.String(), textOff, fn))
			text.Reset()
		}
	}
	for _, l := range lines {
		t := strings.TrimLeft(l, " ")
		switch {
		case fence != "":
			b.WriteString(l)
			if strings.HasPrefix(strings.TrimRight(t, "\n "), fence) && strings.Trim(strings.TrimRight(t, "\n "), fence[:1]) == "" {
				fence = ""
			}
		case fenceOpen(t) != "" && len(l)-len(t) < 4:
			flush()
			fence = fenceOpen(t)
			b.WriteString(l)
		default:
			if text.Len() == 0 {
				textOff = off
			}
			text.WriteString(l)
		}
		off += len(l)
	}
	flush()
	return b.String()
}

// outsideSpans calls fn on the parts of s outside inline code spans. A
// template tag may span lines, so the text is given whole between spans.
func outsideSpans(s string, base int, fn func(string, int) string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		run := s[i : i+n]
		k := strings.Index(s[i+n:], run)
		// A span ends within its paragraph.
		if k < 0 || strings.Contains(s[i+n:i+n+k], "\n\n") {
			i += n
			continue
		}
		b.WriteString(fn(s[last:i], base+last))
		b.WriteString(s[i : i+n+k+n])
		i += n + k + n
		last = i
	}
	b.WriteString(fn(s[last:], base+last))
	return b.String()
}

// shortcodeArgs reads a Hugo shortcode's or Liquid tag's arguments:
// positional ones by index ("0", "1"), named ones by name.
var argRE = regexp.MustCompile("([A-Za-z_][A-Za-z0-9_-]*)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`|'([^']*)'|(\\S+))|\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`|'([^']*)'|(\\S+)")

func shortcodeArgs(s string) map[string]string {
	out := map[string]string{}
	pos := 0
	for _, m := range argRE.FindAllStringSubmatch(s, -1) {
		if m[1] != "" {
			out[strings.ToLower(m[1])] = strings.ReplaceAll(m[2]+m[3]+m[4]+m[5], `\"`, `"`)
			continue
		}
		out[itoa(pos)] = strings.ReplaceAll(m[6]+m[7]+m[8]+m[9], `\"`, `"`)
		pos++
	}
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

var hugoOpen = regexp.MustCompile(`\{\{([<%])(-?)\s*(/?)\s*(/\*)?\s*([A-Za-z][A-Za-z0-9_./-]*)`)

// hugoShortcodes converts the Hugo shortcodes of a markdown body: figure
// (an image and its caption), ref and relref (the page's new URL),
// youtube, vimeo, tweet, instagram and gist (a link: carepress's pages
// embed nothing), highlight (a fenced block). Any other is left out and
// listed; a paired one keeps its content. An escaped one
// ({{</* x */>}}, Hugo's way to show one) becomes code.
func hugoShortcodes(src string, ref func(string) string) (string, []leftAt) {
	var left []leftAt
	out := scanCode(src, func(s string, base int) string {
		var b strings.Builder
		i := 0
		for i < len(s) {
			m := hugoOpen.FindStringSubmatchIndex(s[i:])
			if m == nil {
				break
			}
			start := i + m[0]
			delim := s[i+m[2] : i+m[3]]
			closingTag := s[i+m[6]:i+m[7]] == "/"
			escaped := m[8] >= 0
			name := s[i+m[10] : i+m[11]]
			closer := ">}}"
			if delim == "%" {
				closer = "%}}"
			}
			k := strings.Index(s[i+m[1]:], closer)
			if k < 0 {
				b.WriteString(s[i : i+m[1]])
				i += m[1]
				continue
			}
			end := i + m[1] + k + len(closer)
			args := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[i+m[1]:i+m[1]+k]), "-"))
			b.WriteString(s[i:start])
			whole := s[start:end]
			if escaped {
				shown := strings.Replace(strings.Replace(whole, "/*", "", 1), "*/", "", 1)
				shown = strings.Join(strings.Fields(shown), " ")
				b.WriteString("`" + shown + "`")
				i = end
				continue
			}
			if closingTag {
				// A closing tag with no opening one seen: drop it.
				left = append(left, leftAt{base + start, "Hugo shortcode", clip(whole, 60)})
				i = end
				continue
			}
			a := shortcodeArgs(strings.TrimSuffix(strings.TrimSpace(args), "/"))
			// A paired shortcode: its closing tag.
			inner, after, paired := "", end, false
			if !knownSingle[name] {
				closeRE := regexp.MustCompile(`\{\{[<%]-?\s*/\s*` + regexp.QuoteMeta(name) + `\s*-?[>%]\}\}`)
				if cm := closeRE.FindStringIndex(s[end:]); cm != nil {
					inner, after, paired = s[end:end+cm[0]], end+cm[1], true
				}
			}
			switch name {
			case "figure", "img", "image":
				src := a["src"]
				if src == "" {
					src = a["0"]
				}
				if src == "" {
					left = append(left, leftAt{base + start, "Hugo shortcode", clip(whole, 60)})
					break
				}
				title := a["title"]
				alt := orDefault(a["alt"], "")
				b.WriteString("![" + EscapeText(alt) + "](" + linkDest(src) + linkTitle(title) + ")")
				if c := a["caption"]; c != "" {
					b.WriteString("\n\n*" + strings.TrimSpace(c) + "*")
				}
				after = end
			case "ref", "relref":
				if u := ref(a["0"]); u != "" {
					b.WriteString(u)
				} else {
					left = append(left, leftAt{base + start, "Hugo shortcode (a page that is not in the site)", clip(whole, 60)})
					b.WriteString("#")
				}
				after = end
			case "youtube", "vimeo", "tweet", "x", "instagram", "gist", "video":
				if u := embedFor(name, a); u != "" {
					b.WriteString("[" + EscapeText(embedLabel(u)) + "](" + linkDest(u) + ")")
				} else {
					left = append(left, leftAt{base + start, "Hugo shortcode", clip(whole, 60)})
				}
				after = end
			case "highlight":
				if paired {
					b.WriteString(fence(strings.Trim(inner, "\n"), strings.TrimSpace(a["0"])))
				} else {
					left = append(left, leftAt{base + start, "Hugo shortcode", clip(whole, 60)})
				}
			default:
				left = append(left, leftAt{base + start, "Hugo shortcode", clip(whole, 60)})
				if paired {
					b.WriteString(strings.Trim(inner, "\n"))
				}
			}
			i = after
		}
		b.WriteString(s[i:])
		return b.String()
	})
	return out, left
}

// knownSingle are shortcodes that never close.
var (
	knownSingle = map[string]bool{"figure": true, "img": true, "image": true, "ref": true, "relref": true, "youtube": true, "vimeo": true, "tweet": true, "x": true, "instagram": true, "gist": true, "param": true, "video": true}
)

// embedFor is the page to link for an embed shortcode.
func embedFor(name string, a map[string]string) string {
	id := orDefault(a["id"], a["0"])
	switch name {
	case "youtube":
		if id != "" && validID(id) {
			return "https://www.youtube.com/watch?v=" + id
		}
	case "vimeo":
		if id != "" && validID(id) {
			return "https://vimeo.com/" + id
		}
	case "tweet", "x":
		user, tid := orDefault(a["user"], a["0"]), orDefault(a["id"], a["1"])
		if validID(user) && validID(tid) {
			return "https://x.com/" + user + "/status/" + tid
		}
	case "instagram":
		if validID(id) {
			return "https://www.instagram.com/p/" + id + "/"
		}
	case "gist":
		user, gid := a["0"], a["1"]
		if validID(user) && validID(gid) {
			return "https://gist.github.com/" + user + "/" + gid
		}
	case "video":
		return embedURL(a["src"])
	}
	return ""
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
