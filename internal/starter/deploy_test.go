package starter

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestRebuildCronCoversDaylightSavingTime(t *testing.T) {
	for _, tt := range []struct{ zone, clock, want string }{
		{"America/Chicago", "06:00", "[[11 0] [12 0]]"},
		{"Europe/Berlin", "06:30", "[[4 30] [5 30]]"},
		{"Australia/Sydney", "06:00", "[[19 0] [20 0]]"},
		{"UTC", "06:00", "[[6 0]]"},
	} {
		got, err := utcHours(tt.zone, tt.clock)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%s %s: %v, want %s", tt.zone, tt.clock, got, tt.want)
		}
	}
}

func TestDeployFilesStateGitHubPagesLimits(t *testing.T) {
	c, err := LookupCountry("US")
	if err != nil {
		t.Fatal(err)
	}
	files, err := deployFiles(c, "06:00")
	if err != nil {
		t.Fatal(err)
	}
	wf := string(files[".github/workflows/carepress.yml"])
	for _, want := range []string{`cron: "0 10,11 * * *"`, "06:00 in America/New_York", "${{ steps.deployment.outputs.page_url }}", "carepress build"} {
		if !strings.Contains(wf, want) {
			t.Errorf("workflow lacks %q:\n%s", want, wf)
		}
	}
	var parsed map[string]any
	if err := yaml.Unmarshal(files[".github/workflows/carepress.yml"], &parsed); err != nil || parsed["jobs"] == nil {
		t.Errorf("workflow is not valid YAML: %v", err)
	}
	doc := string(files["DEPLOY.md"])
	for _, want := range []string{"ignores `_headers` and `_redirects`", "ignores a `CNAME` file", "60 days", "drafts and scheduled posts are readable"} {
		if !strings.Contains(doc, want) {
			t.Errorf("DEPLOY.md lacks %q", want)
		}
	}
	if !strings.Contains(string(files["netlify.toml"]), `publish = "public"`) {
		t.Error("netlify.toml does not publish public/")
	}
}
