package fmatter

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// tomlNode builds a yaml node tree from decoded TOML. TOML's decoder keeps
// no positions, so each key's line is found by looking for "key =" (or a
// "[table]" header) in the source; that is exact for the flat front matter
// people write and close enough for the rest.
func tomlNode(v any, lines []string, offset int, key string) *yaml.Node {
	line := tomlLine(lines, key) + offset
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: 1}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// Keep source order, so errors come out in reading order.
		sort.SliceStable(keys, func(i, j int) bool {
			return tomlLine(lines, keys[i]) < tomlLine(lines, keys[j])
		})
		for _, k := range keys {
			kl := tomlLine(lines, k) + offset
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

func tomlLine(lines []string, key string) int {
	if key == "" {
		return 1
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "["+key+"]") || strings.HasPrefix(t, "[["+key+"]]") {
			return i + 1
		}
		if rest, ok := strings.CutPrefix(t, key); ok {
			rest = strings.TrimSpace(rest)
			if strings.HasPrefix(rest, "=") {
				return i + 1
			}
		}
		if rest, ok := strings.CutPrefix(t, `"`+key+`"`); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1
		}
	}
	return 1
}
