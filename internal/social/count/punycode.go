package count

// punycodeLabelLen is the length of a host label after the punycode npm
// package's toASCII, as twitter-text measures it: the label is split at
// the IDNA dots (U+3002, U+FF0E, U+FF61), and each part holding a unit
// outside printable ASCII becomes "xn--" and its punycode (RFC 3492). A
// part punycode cannot encode (the package throws on overflow) counts as
// too long. Past maxLabelLength the result is only a bound: punycode writes
// at least one octet per code point.
func punycodeLabelLen(label []uint16) int {
	total, start := 0, 0
	for i := 0; i <= len(label); i++ {
		if i < len(label) && label[i] != 0x3002 && label[i] != 0xFF0E && label[i] != 0xFF61 {
			continue
		}
		if start > 0 {
			total++ // the dot between parts
		}
		total += punycodePartLen(label[start:i])
		start = i + 1
	}
	return total
}

func punycodePartLen(part []uint16) int {
	ascii := true
	for _, u := range part {
		if u < 0x20 || u > 0x7E {
			ascii = false
			break
		}
	}
	if ascii {
		return len(part)
	}
	// ucs2decode: surrogate pairs become one code point, lone halves stay.
	cps := make([]int64, 0, len(part))
	for i := 0; i < len(part); i++ {
		u := int64(part[i])
		if u >= 0xD800 && u <= 0xDBFF && i+1 < len(part) && part[i+1] >= 0xDC00 && part[i+1] <= 0xDFFF {
			u = 0x10000 + (u-0xD800)<<10 + int64(part[i+1]) - 0xDC00
			i++
		}
		cps = append(cps, u)
	}
	if len("xn--")+len(cps) > maxLabelLength {
		return len("xn--") + len(cps)
	}
	out, ok := punycodeEncode(cps)
	if !ok {
		return 1 << 30
	}
	return len("xn--") + len(out)
}

// punycodeEncode is RFC 3492's encoding of code points, with the overflow
// checks of the punycode package (integers of 31 bits).
func punycodeEncode(cps []int64) (string, bool) {
	const (
		base, tMin, tMax, skew, damp = 36, 1, 26, 38, 700
		maxInt                       = 1<<31 - 1
	)
	var out []byte
	for _, c := range cps {
		if c < 0x80 {
			out = append(out, byte(c))
		}
	}
	basic := len(out)
	handled := basic
	if basic > 0 {
		out = append(out, '-')
	}
	digit := func(d int64) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int64, first bool) int64 {
		if first {
			delta /= damp
		} else {
			delta >>= 1
		}
		delta += delta / numPoints
		k := int64(0)
		for ; delta > (base-tMin)*tMax>>1; k += base {
			delta /= base - tMin
		}
		return k + (base-tMin+1)*delta/(delta+skew)
	}
	n, delta, bias := int64(0x80), int64(0), int64(72)
	for handled < len(cps) {
		m := int64(maxInt)
		for _, c := range cps {
			if c >= n && c < m {
				m = c
			}
		}
		h1 := int64(handled + 1)
		if m-n > (maxInt-delta)/h1 {
			return "", false
		}
		delta += (m - n) * h1
		n = m
		for _, c := range cps {
			if c < n {
				delta++
				if delta > maxInt {
					return "", false
				}
			}
			if c != n {
				continue
			}
			q := delta
			for k := int64(base); ; k += base {
				t := k - bias
				if k <= bias {
					t = tMin
				} else if k >= bias+tMax {
					t = tMax
				}
				if q < t {
					break
				}
				out = append(out, digit(t+(q-t)%(base-t)))
				q = (q - t) / (base - t)
			}
			out = append(out, digit(q))
			bias = adapt(delta, h1, handled == basic)
			delta = 0
			handled++
		}
		delta++
		n++
	}
	return string(out), true
}
