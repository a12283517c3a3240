package fmatter

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// tomlNode builds a yaml node tree from decoded TOML. TOML's decoder keeps
// no positions, so each key's line is the first that sets "key =" (or
// opens a "[table]") in the source (see tomlLines); that is exact for the
// flat front matter people write and close enough for the rest.
func tomlNode(v any, lines tomlLines, offset int, key string) *yaml.Node {
	line := lines.of(key) + offset
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: 1}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// Keep source order, so errors come out in reading order.
		sort.SliceStable(keys, func(i, j int) bool {
			return lines.of(keys[i]) < lines.of(keys[j])
		})
		for _, k := range keys {
			kl := lines.of(k) + offset
			n.Content = append(n.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: kl, Column: 1},
				tomlNode(v[k], lines, offset, k))
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlNode(e, lines, offset, key))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlNode(e, lines, offset, key))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle, Line: line, Column: 1}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v), Line: line, Column: 1}
	case int64, float64:
		tag := "!!int"
		if _, ok := v.(float64); ok {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: fmt.Sprint(v), Line: line, Column: 1}
	case time.Time:
		// BurntSushi/toml marks local dates and times by their zone name;
		// keep them local so the site's time zone applies.
		layout := time.RFC3339Nano
		switch v.Location().String() {
		case "date-local":
			layout = "2006-01-02"
		case "datetime-local":
			layout = "2006-01-02T15:04:05"
		case "time-local":
			layout = "15:04:05"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v.Format(layout), Line: line, Column: 1}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v), Line: line, Column: 1}
}

// tomlLines maps a key to the first line (from 1) that sets it or opens
// its table. It is made in one pass: looking each key up in the source
// took minutes for a few thousand keys.
type tomlLines map[string]int

func indexTOML(src string) tomlLines {
	idx := tomlLines{}
	note := func(key string, line int) {
		if _, ok := idx[key]; !ok {
			idx[key] = line
		}
	}
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(t, "[["); ok {
			if k, _, ok := strings.Cut(rest, "]]"); ok {
				note(k, i+1)
			}
		}
		if rest, ok := strings.CutPrefix(t, "["); ok {
			if k, _, ok := strings.Cut(rest, "]"); ok {
				note(k, i+1)
			}
		}
		if k, _, ok := strings.Cut(t, "="); ok {
			k = strings.TrimSpace(k)
			note(k, i+1)
			if len(k) >= 2 && k[0] == '"' && k[len(k)-1] == '"' {
				note(k[1:len(k)-1], i+1)
			}
		}
	}
	return idx
}

// of is the line of key, or 1 when it is not found.
func (l tomlLines) of(key string) int {
	if n, ok := l[key]; ok && key != "" {
		return n
	}
	return 1
}
