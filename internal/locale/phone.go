package locale

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone is a phone number read for a country.
type Phone struct {
	// Region is the country the number belongs to ("AU").
	Region string
	// National is the number as people dial it in its country: "(02) 9374 4000".
	National string
	// International is "+61 2 9374 4000".
	International string
	// E164 is "+61293744000", for tel: links and structured data.
	E164 string
}

// Display is the number as a page of a site in country shows it: in the
// national format of its own country, or with its country code when it is
// another country's.
func (p Phone) Display(site *Country) string {
	if site != nil && p.Region != site.Code {
		return p.International
	}
	return p.National
}

// ErrNoPhone is the error of ParsePhone for a text with no number in it.
var ErrNoPhone = errors.New("no phone number")

// PhoneError is ParsePhone's error for a number that is not one of the
// country's: what is wrong, and how to write one.
type PhoneError struct {
	Msg  string // "\"+1 555\" is not a valid phone number in Australia"
	Hint string // "write it as (02) 1234 5678, or +61 2 1234 5678"
}

func (e *PhoneError) Error() string { return e.Msg + " (" + e.Hint + ")" }

// ParsePhone reads raw, written nationally ("(02) 9374 4000") or with its
// country code ("+61 2 9374 4000"), as a number of country c. It is an
// error when the number is not a valid one of c: a number of another
// country, or one too short, too long or in a range not in use. The
// error says how to write one.
func (c *Country) ParsePhone(raw string) (Phone, error) {
	if strings.TrimSpace(raw) == "" {
		return Phone{}, ErrNoPhone
	}
	n, err := phonenumbers.Parse(raw, c.Code)
	if err != nil {
		return Phone{}, &PhoneError{fmt.Sprintf("%q is not a phone number", raw), c.example()}
	}
	region := phonenumbers.GetRegionCodeForNumber(n)
	if !phonenumbers.IsValidNumberForRegion(n, c.Code) {
		if region != "" && region != c.Code && phonenumbers.IsValidNumber(n) {
			return Phone{}, &PhoneError{fmt.Sprintf("%q is a phone number of %s, not of %s", raw, nameOf(region), c.Name), c.example()}
		}
		return Phone{}, &PhoneError{fmt.Sprintf("%q is not a valid phone number in %s", raw, c.Name), c.example()}
	}
	return Phone{
		Region:        c.Code,
		National:      phonenumbers.Format(n, phonenumbers.NATIONAL),
		International: phonenumbers.Format(n, phonenumbers.INTERNATIONAL),
		E164:          phonenumbers.Format(n, phonenumbers.E164),
	}, nil
}

// ExamplePhone is a number of c as people there write it: "(02) 1234 5678".
func (c *Country) ExamplePhone() string {
	n := phonenumbers.GetExampleNumber(c.Code)
	if n == nil {
		return "+" + fmt.Sprint(phonenumbers.GetCountryCodeForRegion(c.Code))
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// example is a hint: how to write a number of c.
func (c *Country) example() string {
	n := phonenumbers.GetExampleNumber(c.Code)
	if n == nil {
		return "write it with its country code, such as +" + fmt.Sprint(phonenumbers.GetCountryCodeForRegion(c.Code))
	}
	return fmt.Sprintf("write it as %s, or %s", phonenumbers.Format(n, phonenumbers.NATIONAL), phonenumbers.Format(n, phonenumbers.INTERNATIONAL))
}

func nameOf(code string) string {
	if c, ok := Lookup(code); ok {
		return c.Name
	}
	return code
}
