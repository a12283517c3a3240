package config

import (
	"errors"
	"fmt"

	"github.com/carepress/carepress/internal/diag"
	"github.com/carepress/carepress/internal/locale"
)

// validateCountry resolves the site's country and checks what depends on
// it: each location's country and every phone number of the
// configuration, read for the country of the place it belongs to.
//
// The country is practice.country when it is set: a practice knows where
// it is, and a site in Ireland may well write en-GB. Otherwise it is the
// region of language ("en-AU" → AU), which every site has (en-US unless
// set), and then the first location's country, for a site whose language
// names no region ("en"). A country carepress has no conventions for is
// an error, wherever it was read, since every date, phone and law on the
// site would be wrong.
func (c *Config) validateCountry(at func(string) diag.Pos) diag.List {
	var errs diag.List
	unsupported := func(key, code, what, fix string) {
		errs = append(errs, diag.Errorf(at(key), locale.SupportedText()+"; "+fix,
			"unsupported country %q%s", code, what))
	}
	const fix = "set practice.country to one of them"
	c.Country = nil
	switch {
	case c.Practice.Country != "":
		if co, ok := locale.Lookup(c.Practice.Country); ok {
			c.Country = co
		} else {
			unsupported("practice.country", c.Practice.Country, "", "write one of these codes")
		}
	case locale.Region(c.Language) != "":
		r := locale.Region(c.Language)
		if co, ok := locale.Lookup(r); ok {
			c.Country = co
		} else {
			unsupported("language", r, fmt.Sprintf(" (the region of language %q)", c.Language), fix)
		}
	case len(c.Practice.Locations) > 0 && c.Practice.Locations[0].Country != "":
		// checked with the locations below
		c.Country, _ = locale.Lookup(c.Practice.Locations[0].Country)
	default:
		errs = append(errs, diag.Errorf(at("language"), "add `country: US` (or CA, GB, IE, AU, NZ) under practice:, or write language with its region, such as en-AU",
			"the site's country is unknown: language %q names no region", c.Language))
	}
	locs := make([]*locale.Country, len(c.Practice.Locations))
	for i, l := range c.Practice.Locations {
		locs[i] = c.Country
		if l.Country == "" {
			continue
		}
		if co, ok := locale.Lookup(l.Country); ok {
			locs[i] = co
		} else {
			unsupported(fmt.Sprintf("practice.locations.%d.country", i), l.Country, " for a location", "write one of these codes")
		}
	}
	if c.Country == nil {
		return errs // no country to read phones for; the error above says why
	}
	if c.Practice.EmergencyNumber == "" {
		c.Practice.EmergencyNumber = c.Country.Emergency
	}
	c.phones = map[string]locale.Phone{}
	phone := func(key, raw string, co *locale.Country) {
		if raw == "" || co == nil {
			return
		}
		p, err := co.ParsePhone(raw)
		if err != nil {
			errs = append(errs, PhoneError(at(key), key, err))
			return
		}
		c.phones[raw] = p
	}
	phone("practice.phone", c.Practice.Phone, c.Country)
	for i, l := range c.Practice.Locations {
		phone(fmt.Sprintf("practice.locations.%d.phone", i), l.Phone, locs[i])
	}
	return errs
}

// PhoneError is the diagnostic of a phone number at pos, written as key,
// that locale.ParsePhone refused.
func PhoneError(pos diag.Pos, key string, err error) *diag.Error {
	if pe, ok := errors.AsType[*locale.PhoneError](err); ok {
		return diag.Errorf(pos, pe.Hint, "%s: %s", key, pe.Msg)
	}
	return diag.Errorf(pos, "write the number with its country code, such as +1 217 555 0100", "%s: %v", key, err)
}

// Phone returns the phone number raw as the site reads it: one of the
// configuration's as it was validated (a location's for its own country),
// any other for the site's country. ok is false for text that is not a
// valid number there; show it as it is written then.
func (c *Config) Phone(raw string) (p locale.Phone, ok bool) {
	if p, ok := c.phones[raw]; ok {
		return p, true
	}
	if c.Country == nil || raw == "" {
		return locale.Phone{}, false
	}
	p, err := c.Country.ParsePhone(raw)
	return p, err == nil
}

// PhoneText is raw as the site's pages show it: nationally for a number
// of the site's country, with its country code for another's, and as it
// is written when it does not parse.
func (c *Config) PhoneText(raw string) string {
	if p, ok := c.Phone(raw); ok {
		return p.Display(c.Country)
	}
	return raw
}

// PhoneE164 is raw in E.164 ("+61293744000"), for tel: links and
// structured data; raw as it is written when it does not parse.
func (c *Config) PhoneE164(raw string) string {
	if p, ok := c.Phone(raw); ok {
		return p.E164
	}
	return raw
}

// Locale is Country, or the United States' conventions for a Config
// made by hand rather than by Parse (as tests do).
func (c *Config) Locale() *locale.Country {
	if c.Country != nil {
		return c.Country
	}
	us, _ := locale.Lookup("US")
	return us
}

// Region is the state or province of the practice: its first location's.
func (c *Config) Region() string {
	if len(c.Practice.Locations) > 0 {
		return c.Practice.Locations[0].Region
	}
	return ""
}
