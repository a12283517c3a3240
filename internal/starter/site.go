package starter

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Site writes a starter site for kind and country into dir, which must not
// exist or be empty. It returns the files written, relative to dir.
func Site(dir string, k Kind, c Country) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty (choose a new folder)", dir)
	}
	notices, err := Notices(c)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"carepress.yaml":            []byte(configText(k, c)),
		".gitignore":                []byte("# build output, social exports (posts not public yet) and the build cache\n/public/\n/social/\n/.carepress/\n"),
		"content/about.md":          Spell([]byte(aboutText), c.Spelling),
		"content/contact.md":        Spell([]byte(contactText), c.Spelling),
		"content/authors/author.md": []byte(authorText),
		"content/posts/welcome.md":  Spell([]byte(welcomeText(c)), c.Spelling),
		"static/.gitkeep":           nil,
		"templates/.gitkeep":        nil,
	}
	for id, b := range notices {
		files["content/notices/"+id+".md"] = b
	}
	deploy, err := deployFiles(c, defaultRebuildAt)
	if err != nil {
		return nil, err
	}
	for name, b := range deploy {
		files[name] = b
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := WriteFileNew(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func configText(k Kind, c Country) string {
	advice := ""
	if a := c.Advice; a != nil {
		advice = fmt.Sprintf("  # for urgent help that is not an emergency: %s (%s)\n", a.Name, a.Number)
	}
	return fmt.Sprintf(`# carepress configuration: see the README for every key.
title: "Your Practice Name"        # change to the practice's name
base_url: https://www.example.com/ # the site's full address; may have a sub-path
language: %s
timezone: %s
theme: default
brand: {color: "#1f6f8b"}
menu:
  - {name: About, url: /about/}
  - {name: Contact, url: /contact/}
  - {name: Policies, url: /policies/}
markdown: {unsafe: false, max_file_kb: 2048}   # raw HTML in posts is shown as text unless true; a bigger file is an error
practice:
  country: %s                      # the practice's country: its dates, phone numbers, laws and health identifiers
  type: %s
  specialty: [%s]
  phone: ""                        # e.g. "%s"; checked against the country's numbering plan
  email: ""
  emergency_number: "%s"
  portal_url: ""                   # the patient portal, if you have one
  booking_url: ""                  # online booking, if you have it
%s  locations: []                    # [{name, street, city, region, postal_code, country, phone, hours: ["Mo-Fr 08:00-17:00"], closed: ["2026-12-25"]}]
notices:
  require: [%s]
social:
  platforms: {}                    # e.g. {x: {}, mastodon: {max_chars: 500}, bluesky: {}, facebook: {}, linkedin: {}, instagram: {}}
  slots: ["Tue 10:00", "Thu 10:00"]  # posting windows, in the time zone above
  reshare: ["30d"]                 # reshare each post 30 days after its first share
  per_day: 1                       # per platform
  rebuild_at: "%s"                 # the daily scheduled rebuild (see DEPLOY.md)
check:
  reading_grade_max: 8
  review_max_age: 365d
`, c.Language, c.Timezone, c.Code, k.Type, strings.Join(k.Specialty, ", "), c.ExamplePhone(), c.Emergency, advice, strings.Join(c.Require, ", "), defaultRebuildAt)
}

const aboutText = `---
title: About us
description: Who we are, who we care for, and how we work with our patients and their families.
---
Write a few lines about the practice: who you care for, where, and how.
`

const contactText = `---
title: Contact us
description: How to reach the practice, when we reply, and what to do in an emergency.
---
Add the practice's address, phone number and opening hours here. The contact notices
(how fast we reply, the patient portal, emergencies) are shown below this text.
`

const authorText = `---
name: Your Name
credentials: ""        # e.g. MD, RDN, RN
role: ""
bio: ""
provider: false        # true for clinicians patients can book
---
`

// welcomeText is the first post, a draft, which shows how to cite a
// source: the country's public health authority.
func welcomeText(c Country) string {
	return fmt.Sprintf(`---
title: Welcome to our new website
description: Our new website shares health tips from our care team, and explains how to reach us and book a visit.
date: 2026-01-01
draft: true            # set to false when it has been reviewed
author: author
audience: patient
sources:               # the pages a health post relies on, best from the public health authority
  - {title: "%s", url: "%s", publisher: "%s"}
---
Write your first post here. The first paragraph becomes its summary.
`, c.Authority.Publisher, c.Authority.URL, c.Authority.Publisher)
}
