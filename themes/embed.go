// Package themes holds the built-in themes, embedded in the binary so that
// carepress needs no files besides a site's own.
//
// A theme is a folder with layouts/ (html/template files: baseof.html, one
// file per page kind, partials/) and static/ (copied into the output).
package themes

import "embed"

// FS holds the built-in themes, each in a folder of its name.
//
//go:embed default
var FS embed.FS

// Default is the name of the built-in theme.
const Default = "default"
