//go:build ignore

// gen.go writes tables_gen.go from the npm packages in node_modules (run
// `npm ci` at the repository root first): `go generate ./internal/social/count`.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/carepress/carepress/internal/social/count/internal/twdata"
)

func main() {
	d, err := twdata.Load(filepath.Join("..", "..", "..", "node_modules"))
	if err != nil {
		log.Fatalf("gen: %v (run npm ci at the repository root)", err)
	}
	src, err := d.GoSource()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
