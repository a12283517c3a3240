//go:build !unix

package cachelock

import "os"

// Dir cannot lock here: it always reports the directory as taken, and
// callers work without their cache.
func Dir(dir string) *os.File { return nil }
