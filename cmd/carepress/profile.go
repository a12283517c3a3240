package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes a CPU profile to $CAREPRESS_CPUPROFILE and, when the
// command ends, a heap profile to $CAREPRESS_MEMPROFILE. They are for people
// measuring builds (bench/README.md), so they are environment variables
// rather than flags every user sees. The returned function stops them.
func startProfiles(stderr io.Writer) func() {
	var stops []func()
	if path := os.Getenv("CAREPRESS_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "carepress: CAREPRESS_CPUPROFILE: %v\n", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("CAREPRESS_MEMPROFILE"); path != "" {
		stops = append(stops, func() {
			f, err := os.Create(path)
			if err == nil {
				runtime.GC() // the heap profile reports the last GC's figures
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(stderr, "carepress: CAREPRESS_MEMPROFILE: %v\n", err)
			}
		})
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}
