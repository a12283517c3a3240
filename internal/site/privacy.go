package site

import (
	"net/url"
	"strings"

	"github.com/carepress/carepress/internal/config"
	"github.com/carepress/carepress/internal/privacy"
)

// PrivacyAllow is what the privacy rules never report on s: the
// practice's own name, phones, email, addresses and domains, and its
// people's. A build screens the social snippets with it, and check the
// posts.
func (s *Site) PrivacyAllow() privacy.Allow {
	cfg := s.Config
	p := cfg.Practice
	a := privacy.Allow{
		Names:   []string{cfg.Title, p.Name},
		Phones:  phoneForms(cfg, p.Phone),
		Emails:  []string{p.Email},
		Country: cfg.Locale().Code,
	}
	for _, l := range p.Locations {
		// The practice's own suburb or town ("Bondi Junction") is never a
		// patient's name, nor its state.
		a.Names = append(a.Names, l.Name, l.City, l.Region)
		a.Phones = append(a.Phones, phoneForms(cfg, l.Phone)...)
		a.Addresses = append(a.Addresses, l.Street)
	}
	for _, raw := range []string{cfg.BaseURL, p.PortalURL, p.BookingURL} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			a.Domains = append(a.Domains, u.Hostname())
		}
	}
	if cfg.Domain != "" {
		a.Domains = append(a.Domains, cfg.Domain)
	}
	if at := strings.LastIndexByte(p.Email, '@'); at >= 0 {
		a.Domains = append(a.Domains, p.Email[at+1:])
	}
	for _, person := range s.People {
		a.Names = append(a.Names, person.Name)
		if person.Email != "" {
			a.Emails = append(a.Emails, person.Email)
		}
		if person.Phone != "" {
			a.Phones = append(a.Phones, phoneForms(cfg, person.Phone)...)
		}
	}
	return a
}

// phoneForms are the ways a post may write one of the practice's numbers:
// as carepress.yaml does, nationally ("(02) 9374 4000", whose digits do not
// end those of "+61 2 9374 4000") and in E.164.
func phoneForms(cfg *config.Config, raw string) []string {
	if ph, ok := cfg.Phone(raw); ok {
		return []string{raw, ph.National, ph.E164}
	}
	return []string{raw}
}
