package seo_test

import (
	"testing"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/seo"
)

func TestImagePolicyAllowsOnlyWhatImgSrcNames(t *testing.T) {
	tests := []struct {
		name    string
		sources []string // seo.csp_sources img-src
		base    string
		src     string
		allowed bool
	}{
		{"relative", nil, "https://clinic.example.com/", "/images/a.jpg", true},
		{"relative with colon", nil, "https://clinic.example.com/", "img/a:b.png", true},
		{"another host", nil, "https://clinic.example.com/", "https://i.imgur.com/abc.jpg", false},
		{"scheme-relative elsewhere", nil, "https://clinic.example.com/", "//cdn.example.org/a.png", false},
		{"own host absolute", nil, "https://clinic.example.com/", "https://clinic.example.com/images/a.jpg", true},
		{"own host, other port", nil, "https://clinic.example.com/", "https://clinic.example.com:8443/a.jpg", false},
		{"own host, http from https", nil, "https://clinic.example.com/", "http://clinic.example.com/a.jpg", false},
		{"own host, unknown base", nil, "", "https://clinic.example.com/a.jpg", false},
		{"host allowed", []string{"https://i.imgur.com"}, "https://clinic.example.com/", "https://i.imgur.com/abc.jpg", true},
		{"host allowed, case", []string{"https://I.IMGUR.com"}, "https://clinic.example.com/", "HTTPS://i.imgur.COM/abc.jpg", true},
		{"host allowed without scheme", []string{"i.imgur.com"}, "https://clinic.example.com/", "https://i.imgur.com/abc.jpg", true},
		{"http source upgrades", []string{"http://i.imgur.com"}, "https://clinic.example.com/", "https://i.imgur.com/abc.jpg", true},
		{"https source refuses http", []string{"https://i.imgur.com"}, "https://clinic.example.com/", "http://i.imgur.com/abc.jpg", false},
		{"other host", []string{"https://i.imgur.com"}, "https://clinic.example.com/", "https://imgur.com/abc.jpg", false},
		{"wildcard subdomain", []string{"https://*.cloudfront.net"}, "https://clinic.example.com/", "https://d1.cloudfront.net/x.png", true},
		{"wildcard is not the apex", []string{"https://*.cloudfront.net"}, "https://clinic.example.com/", "https://cloudfront.net/x.png", false},
		{"wildcard is a suffix of labels", []string{"https://*.cloudfront.net"}, "https://clinic.example.com/", "https://evilcloudfront.net/x.png", false},
		{"scheme source", []string{"https:"}, "https://clinic.example.com/", "https://anything.example/x.png", true},
		{"star", []string{"*"}, "https://clinic.example.com/", "https://anything.example/x.png", true},
		{"port must match", []string{"https://img.example:8443"}, "https://clinic.example.com/", "https://img.example/x.png", false},
		{"port matches", []string{"https://img.example:8443"}, "https://clinic.example.com/", "https://img.example:8443/x.png", true},
		{"any port", []string{"https://img.example:*"}, "https://clinic.example.com/", "https://img.example:9000/x.png", true},
		{"path prefix", []string{"https://img.example/clinic/"}, "https://clinic.example.com/", "https://img.example/clinic/a.png", true},
		{"outside path prefix", []string{"https://img.example/clinic/"}, "https://clinic.example.com/", "https://img.example/other/a.png", false},
		{"exact path", []string{"https://img.example/logo.png"}, "https://clinic.example.com/", "https://img.example/logo.png", true},
		{"not the exact path", []string{"https://img.example/logo.png"}, "https://clinic.example.com/", "https://img.example/logo.png2", false},
		{"a nonce is no host", []string{"'nonce-abc'"}, "https://clinic.example.com/", "https://img.example/a.png", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config.Config{}
			if tt.sources != nil {
				cfg.SEO.CSPSources = map[string][]string{"img-src": tt.sources}
			}
			if got := seo.NewImagePolicy(cfg, tt.base).Allows(tt.src); got != tt.allowed {
				t.Errorf("Allows(%q) with img-src %q = %v, want %v", tt.src, tt.sources, got, tt.allowed)
			}
		})
	}
}
