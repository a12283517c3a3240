package privacy

import "strings"

// A phrase is a pattern of words: each element lists the words it
// accepts ("saw|treated"); an element ending in "?" may be left out.
type phrase []element

type element struct {
	words    map[string]bool
	optional bool
}

// compile turns "when? we saw|treated you" into a phrase. "@name" in an
// element stands for the word list named in lists.
func compile(p string, lists map[string]string) phrase {
	var ph phrase
	for _, f := range strings.Fields(p) {
		e := element{words: map[string]bool{}}
		if strings.HasSuffix(f, "?") {
			e.optional = true
			f = strings.TrimSuffix(f, "?")
		}
		for _, alt := range strings.Split(f, "|") {
			if strings.HasPrefix(alt, "@") {
				for _, w := range strings.Fields(lists[alt[1:]]) {
					e.words[w] = true
				}
				continue
			}
			e.words[alt] = true
		}
		ph = append(ph, e)
	}
	return ph
}

var replyLists = map[string]string{
	"care": `visit visits appointment appointments result results test tests treatment treatments procedure
		procedures surgery surgeries operation diagnosis condition prescription prescriptions medication
		medications meds medicine care records record chart file x-ray xray x-rays scan scans exam
		examination bill billing claim referral labs lab biopsy therapy session sessions checkup check-up
		cleaning filling fillings crown crowns root implant implants braces injection injections vaccine
		vaccination shot infusion stay discharge admission consultation consult follow-up followup wait
		recovery case symptoms mri ultrasound mammogram bloodwork prognosis plan surgeon
		procedure's physical screening delivery birth pregnancy diabetes pain back knee hip shoulder tooth
		teeth cancer allergy allergies injury infection cholesterol asthma depression anxiety migraine
		migraines rash wound condition's blood readings numbers levels a1c bp illness disease disorder
		stitches cast fracture medical health-record insurance-claim`,
	"mod": `recent last previous latest first next upcoming follow-up initial annual current ongoing routine
		most recent past earlier second third new child's son's daughter's`,
	"family": `son's daughter's child's baby's kid's husband's wife's mother's father's mom's dad's
		partner's parent's grandmother's grandfather's spouse's`,
	"role": `doctor dentist physician provider therapist nurse surgeon pharmacist dietitian dietician
		physiotherapist physio chiropractor counselor counsellor optometrist midwife practitioner gp
		clinician specialist hygienist orthodontist pediatrician paediatrician psychologist psychiatrist
		oncologist cardiologist care`,
	"lead": `should must`,
	"medverb": `take taking stop stopping start starting increase increasing decrease decreasing reduce
		reducing double doubling halve skip skipping lower lowering raise raising adjust adjusting switch
		switching discontinue discontinuing quit cut apply applying ice drink eat elevate stretch avoid`,
	"mednoun": `dose doses dosage medication medications meds medicine pills pill tablets tablet insulin
		antibiotics antibiotic prescription inhaler steroids steroid statin drops cream`,
	"unit": `tablets tablet pills pill capsules capsule mg milligrams ml doses puffs drops teaspoons
		tablespoons units sprays`,
	"drug": `ibuprofen tylenol acetaminophen advil aspirin paracetamol motrin aleve naproxen benadryl
		antihistamine antihistamines antibiotics melatonin prednisone metformin insulin zyrtec claritin
		imodium pepto laxatives laxative antacids omeprazole`,
}

// confirmPhrases confirm that the person replied to is a patient.
var confirmPhrases = []string{
	"we saw|treated|examined|met|helped|seen you",
	"we've|we have|we had seen|treated|examined you",
	"our doctor|dentist|team|staff|nurse|provider|hygienist saw|treated|examined you",
	"you were seen|treated|here|admitted|discharged|examined|in",
	"you came in|into|to",
	"you visited",
	"you've|you have been in|here|coming|seen|treated",
	"as your @role",
	"as your care team",
	"your @mod? @mod? @care",
	"your @family @mod? @care",
	"during your",
	"as|being a|our valued|long-time|longtime|loyal|regular? patient",
	"you are|you're a|our valued|long-time|longtime|loyal|regular? patient",
	"patient of ours",
	"our records|system|chart|charts show|shows|indicate|indicates",
	"according to our records|chart|charts|system",
	"in our records|system|charts",
}

// advicePhrases give one person medical advice.
var advicePhrases = []string{
	"you @lead not? @medverb",
	"you need|have|ought to @medverb",
	"you'll|you'd need|have to @medverb",
	"you'd better @medverb",
	"i|we recommend|suggest|advise you? not? @medverb",
	"i'd|i would|we'd|we would recommend|suggest|advise you? not? @medverb",
	"my|our advice is to @medverb",
	"@medverb your @mod? @mednoun",
	"stop|keep|try|start|continue|quit|avoid|resume|begin taking",
	"take|taking|try|use # @unit",
	"try @drug",
	"take|taking @drug",
	"sounds like you have|had|may|might",
	"you probably|likely|definitely|clearly|must have|had",
	"you don't|do not need antibiotics|surgery|medication|to @medverb",
}

// replyRules are the compiled reply patterns.
type replyRules struct {
	confirm, advice []phrase
}

func newReplyRules() replyRules {
	var r replyRules
	for _, p := range confirmPhrases {
		r.confirm = append(r.confirm, compile(p, replyLists))
	}
	for _, p := range advicePhrases {
		r.advice = append(r.advice, compile(p, replyLists))
	}
	return r
}

// replyWords lists the words of the text with their token index: lower
// case, "'s" kept on possessives, curly apostrophes straightened.
func (s *scan) replyWords() (words []string, idx []int) {
	for i := range s.t {
		if s.t[i].punct {
			continue
		}
		w := strings.ReplaceAll(s.w(i), "’", "'")
		if s.t[i].poss {
			w += "'s"
		}
		if int(s.t[i].ndig) == len(w) {
			w = "#"
		}
		// "follow-up", "x-ray", "check-up": join hyphenated words
		if n := len(words); n > 0 && s.is(i-1, '-') && s.adj(i-1) && s.adj(i) {
			words[n-1] += "-" + w
			continue
		}
		words = append(words, w)
		idx = append(idx, i)
	}
	return words, idx
}

// match reports how many words of ws, from k, phrase p matches, or -1.
// All the words must be in the sentence of word first.
func (s *scan) match(p phrase, ws []string, idx []int, k, first int) int {
	if len(p) == 0 {
		return 0
	}
	if k < len(ws) && s.same(idx[first], idx[k]) && p[0].words[ws[k]] {
		if n := s.match(p[1:], ws, idx, k+1, first); n >= 0 {
			return n + 1
		}
	}
	if p[0].optional {
		return s.match(p[1:], ws, idx, k, first)
	}
	return -1
}

func (s *scan) reply() {
	rules := s.d.reply
	ws, idx := s.replyWords()
	find := func(phrases []phrase, rule, msg, hint string) {
		for k := 0; k < len(ws); k++ {
			for _, p := range phrases {
				n := s.match(p, ws, idx, k, k)
				if n <= 0 {
					continue
				}
				last := k + n - 1
				start, end := s.t[idx[k]].s, s.t[idx[last]].e
				if s.t[idx[last]].poss {
					end = s.wordEndWithPoss(idx[last])
				}
				m := s.text[start:end]
				s.out = append(s.out, Finding{Rule: rule, Severity: "error", Start: start, End: end, Match: m,
					Message: quote(m) + msg, Hint: hint})
				k = last
				break
			}
		}
	}
	find(rules.confirm, "reply/confirms-care",
		" confirms that the person is a patient",
		"never confirm or deny that someone is a patient, or mention their visit, condition or treatment, even if they did; thank them and invite them to contact the office")
	find(rules.advice, "reply/advice",
		" gives individual medical advice",
		"do not advise one person online; ask them to contact the office or their own clinician")
	if !s.offline(ws) {
		s.out = append(s.out, Finding{Rule: "reply/offline", Severity: "warning",
			Message: "the reply does not steer the conversation offline",
			Hint:    "add a line such as \"please contact our office by phone or through the patient portal\""})
	}
}

// wordEndWithPoss is the end of word i including its "'s".
func (s *scan) wordEndWithPoss(i int) int {
	e := s.t[i].e
	for e < len(s.text) && (s.text[e] == 's' || s.text[e] == 'S' || s.text[e] == '\'' || strings.HasPrefix(s.text[e:], "’")) {
		if s.text[e] == '\'' || s.text[e] == 's' || s.text[e] == 'S' {
			e++
		} else {
			e += len("’")
		}
		if e > s.t[i].e+4 {
			break
		}
	}
	return e
}

var offlineVerbs = set("call", "contact", "email", "e-mail", "phone", "reach", "message", "text", "ring",
	"speak", "talk", "get", "dm", "pm", "write", "visit", "connect", "discuss", "give", "drop", "come",
	"book", "schedule")

var offlineObjects = set("us", "our", "me", "office", "clinic", "practice", "team", "touch", "manager",
	"desk", "directly", "privately", "someone", "reception", "staff", "out", "appointment", "visit",
	"consultation")

// offline reports whether a reply steers the conversation off the public
// page: a phone number, an email, the portal, or "contact our office".
func (s *scan) offline(ws []string) bool {
	if s.sawPhone || strings.IndexByte(s.text, '@') >= 0 && s.hasEmail() {
		return true
	}
	for k, w := range ws {
		switch w {
		case "portal", "offline", "privately", "private":
			return true
		}
		if offlineVerbs[w] {
			for j := k + 1; j <= k+3 && j < len(ws); j++ {
				if offlineObjects[ws[j]] {
					return true
				}
			}
		}
	}
	return false
}

func (s *scan) hasEmail() bool {
	for i := range s.t {
		if s.is(i, '@') && s.t[i].link {
			return true
		}
	}
	return false
}

// SafeReply returns a generic reply to a review or comment that confirms
// nothing about anyone's care and steers the conversation offline, for a
// practice to adapt. phone and portalURL may be empty.
func SafeReply(practiceName, phone, portalURL string) string {
	if practiceName == "" {
		practiceName = "our practice"
	}
	var b strings.Builder
	b.WriteString("Thank you for taking the time to share your feedback. ")
	b.WriteString("To protect everyone's privacy, we cannot discuss any individual's care online. ")
	switch {
	case phone != "" && portalURL != "":
		b.WriteString("Please contact " + practiceName + " at " + phone + " or through our patient portal at " + portalURL + ", and we will be glad to help.")
	case phone != "":
		b.WriteString("Please contact " + practiceName + " at " + phone + ", and we will be glad to help.")
	case portalURL != "":
		b.WriteString("Please contact " + practiceName + " through our patient portal at " + portalURL + ", and we will be glad to help.")
	default:
		b.WriteString("Please contact our office directly, and we will be glad to help.")
	}
	return b.String()
}
