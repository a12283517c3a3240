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

// replyRules are the compiled reply patterns, and the word lists the
// reply rules that are not phrases read.
type replyRules struct {
	confirm, advice              []phrase
	mods, units, mednouns, drugs map[string]bool
}

func newReplyRules() replyRules {
	r := replyRules{
		mods:     set(strings.Fields(replyLists["mod"])...),
		units:    set(strings.Fields(replyLists["unit"] + " spoonfuls sachets patches patch lozenges gummies sachet")...),
		mednouns: set(strings.Fields(replyLists["mednoun"] + " ointment gel spray syrup patch drops lotion")...),
		drugs:    set(strings.Fields(replyLists["drug"])...),
	}
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
	// The specific findings first: of two that overlap, the first is kept.
	s.namedCare(ws, idx)
	s.dosing(ws, idx)
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

// greetWords open a reply to someone by name: "Hi Maria", "Dear Mr. Lee",
// "Thank you, Tom".
var greetWords = set("hi", "hello", "hey", "dear", "hiya", "howdy", "greetings", "morning", "afternoon",
	"evening", "thanks", "thank", "congrats", "congratulations", "welcome", "sorry")

// signOff are the greetings that, in a reply's last sentence, sign it.
var signOff = set("thanks", "thank", "cheers", "regards", "best", "sincerely", "warmly")

// greetFillers may stand between a greeting and the name.
var greetFillers = set("you", "so", "much", "again", ",", "!", "-", "—")

// notAddressee are capitalised words a greeting names that are no person:
// "Hello Friends", "Hi Team".
var notAddressee = set("friends", "folks", "team", "guys", "everybody", "everyone", "all", "there", "neighbor",
	"neighbors", "neighbour", "neighbours", "patients", "parents", "readers", "followers", "community", "again",
	"sir", "madam", "ma'am", "reviewer", "google", "facebook", "yelp")

// addressee reads the name a reply addresses at token j: a title and a
// name ("Mr. Lee"), a name, or a handle ("@maria_l"). It returns the name's
// last token, or -1.
func (s *scan) addressee(j int, known bool) int {
	if !s.ok(j) {
		return -1
	}
	if s.is(j, '@') && s.adj(j+1) && !s.t[j+1].punct && !s.t[j].link {
		return j + 1
	}
	if s.kw(j, kwTitle) {
		j++
		if s.is(j, '.') && s.adj(j) {
			j++
		}
		known = false // "Mrs. Okafor": any surname
	}
	if known && !s.firstName(j) || !s.nameWord(j, true) || s.d.names[s.w(j)] || notAddressee[s.w(j)] {
		return -1
	}
	end, _, _, ok := s.nameAt(j, true)
	if !ok {
		return -1
	}
	return end
}

// greeted finds the person a reply addresses by name, and returns the
// tokens of the name, or -1. A name is addressed after a greeting word
// that opens a sentence ("Hi Maria,", "Thank you so much, Tom"), as the
// first word of the reply ("Maria, so sorry"), or at the end of a
// sentence after a comma ("Thanks for writing, Maria.").
func (s *scan) greeted() (start, end int) {
	for i := range s.t {
		opens := i == 0 || s.t[i].sent != s.t[i-1].sent || s.t[i].gap >= gapLine
		switch {
		case opens && (greetWords[s.w(i)] || s.w(i) == "good" && greetWords[s.w(i+1)]):
			if i > 0 && signOff[s.w(i)] && s.t[i].sent == s.t[len(s.t)-1].sent {
				continue // "... Thanks, Maria": the reply's signature
			}
			j := i + 1
			if s.w(i) == "good" {
				j++
			}
			for n := 0; n < 4 && s.ok(j) && greetFillers[s.raw(j)]; n++ {
				j++
			}
			if e := s.addressee(j, false); e >= 0 {
				return j, e
			}
		case opens && (s.is(i, '@') || i == 0):
			// "@maria_l sorry..." or "Maria, so sorry...": only a known
			// first name, since any capitalised word opens a sentence.
			if e := s.addressee(i, true); e >= 0 && (s.is(i, '@') || s.is(e+1, ',') || s.is(e+1, '!')) {
				return i, e
			}
		case s.is(i, ','):
			if e := s.addressee(i+1, true); e >= 0 && (!s.ok(e+1) || s.is(e+1, '.') || s.is(e+1, '!') || s.is(e+1, '?') || s.t[e+1].sent != s.t[e].sent) {
				return i + 1, e
			}
		}
	}
	return -1, -1
}

// mentionNouns after "your", "his", "her", "their" or the person's own
// name are their care: a visit, a treatment, a condition.
var mentionNouns = set(strings.Fields(`
	surgery surgeries operation procedure treatment treatments therapy chemo chemotherapy radiation
	radiotherapy diagnosis prognosis condition illness disease disorder infection injury injuries fracture
	cancer tumor tumour diabetes asthma depression anxiety pregnancy miscarriage delivery birth c-section
	labour labor recovery rehab physio physiotherapy visit visits appointment appointments stay admission
	discharge results result test tests scan scans x-ray xray mri biopsy bloodwork labs lab prescription
	prescriptions medication medications meds medicine implant implants crown filling fillings extraction
	braces root-canal cleaning checkup check-up exam examination consultation consult follow-up symptoms
	pain migraine migraines rash wound stitches cast replacement transplant transfusion dialysis session
	sessions injection injections infusion hip knee shoulder back tooth teeth stroke seizure seizures
	dementia allergy allergies blood sugar cholesterol mammogram ultrasound colonoscopy hospitalization
	hospitalisation relapse overdose`)...)

// theNouns after "the" are an individual's care: "the knee surgery", "the
// chemo". Fewer than mentionNouns, since "the appointment line" or "the
// flu shot" are the practice's, not a person's.
var theNouns = set(strings.Fields(`
	surgery operation chemo chemotherapy radiation radiotherapy diagnosis prognosis biopsy
	miscarriage delivery c-section recovery rehab injury fracture fall accident infection replacement
	transplant transfusion stay admission discharge results scan mri x-ray xray extraction implant crown
	filling stitches cast treatment therapy prescription medication medications diagnosis relapse
	overdose stroke seizure seizures tumor tumour cancer hospitalization hospitalisation`)...)

// bodyParts count after "the" only as new ones: "the new hip".
var bodyParts = set("hip", "knee", "shoulder", "tooth", "teeth", "heart", "kidney", "liver", "lens", "lenses")

// compoundHeads after a care noun make it the practice's: "the surgery
// team", "your appointment reminders".
var compoundHeads = set(strings.Fields(`
	line lines desk team teams staff system systems portal page pages form forms policy policies process
	times time schedule room rooms center centre clinic clinics service services options option information
	info department unit program programme hours fees fee costs cost guide guides guidelines app booking
	reminder reminders request requests slots slot waitlist list day days week`)...)

var possessives = set("your", "his", "her", "their")

// namedCare reports a reply that greets a named person and mentions a
// care of theirs: "Hi Maria, sorry your knee surgery went badly". It
// names the patient to the world with their care.
func (s *scan) namedCare(ws []string, idx []int) {
	start, end := s.greeted()
	if start < 0 {
		return
	}
	name := s.text[s.t[start].s:s.t[end].e]
	own := s.w(end) + "'s" // "Maria's surgery"
	mods := s.d.reply.mods
	for k := 0; k < len(ws); k++ {
		strong := possessives[ws[k]] || ws[k] == own
		if !strong && ws[k] != "the" {
			continue
		}
		for m := k + 1; m <= k+3 && m < len(ws) && s.same(idx[k], idx[m]); m++ {
			w := ws[m]
			care := strong && mentionNouns[w] ||
				!strong && theNouns[w] && !(w == "surgery" && m == k+1) || // "the surgery" is also a British GP's practice
				!strong && bodyParts[w] && ws[m-1] == "new"
			next := ""
			if m+1 < len(ws) && s.same(idx[m], idx[m+1]) {
				next = ws[m+1]
			}
			if !strong && (next == "for" || next == "of") {
				care = false // "the treatment for flu": care in general
			}
			if care && !compoundHeads[next] {
				// "your knee surgery": the longest run of care words
				for m+1 < len(ws) && s.same(idx[m], idx[m+1]) && (mentionNouns[ws[m+1]] || theNouns[ws[m+1]]) &&
					!(m+2 < len(ws) && s.same(idx[m], idx[m+2]) && compoundHeads[ws[m+2]]) {
					m++
				}
				i0, i1 := idx[k], idx[m]
				st, en := s.t[i0].s, s.t[i1].e
				if s.t[i1].poss {
					en = s.wordEndWithPoss(i1)
				}
				m0 := s.text[st:en]
				s.out = append(s.out, Finding{Rule: "reply/confirms-care", Severity: "error", Start: st, End: en, Match: m0,
					Message: quote(m0) + " discloses the care of the person the reply names (" + quote(name) + ")",
					Hint:    "never name the person or mention their visit, condition or treatment in a public reply, even if they did; thank them and invite them to contact the office"})
				k = m
				break
			}
			if s.kw(idx[m], kwStop) && !mods[w] || s.t[idx[m]].punct {
				break
			}
		}
	}
}

// doseVerbs tell someone what to do with a medicine.
var doseVerbs = set("take", "taking", "takes", "use", "using", "apply", "applying", "give", "giving", "put",
	"swallow", "chew", "inhale", "spray", "insert", "drink", "dissolve", "rub", "place", "instill", "administer")

// numberWords are quantities written out.
var numberWords = set("#", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"half", "a", "an", "couple", "1/2", "½")

// doseObjects after a dosing verb are a medicine: "take it", "use the cream".
var doseObjects = set("it", "them", "these", "those", "this", "one")

// dosing reports a reply that tells someone how to take a medicine: a
// dose after a verb ("take two tablets", "give her 5 ml"), a medicine and
// how often ("use the cream twice daily", "take it every 6 hours"), or a
// dose and how often ("two puffs twice a day").
func (s *scan) dosing(ws []string, idx []int) {
	lists := s.d.reply
	same := func(k, m int) bool { return m < len(ws) && s.same(idx[k], idx[m]) }
	doseAt := func(m int) bool { return numberWords[ws[m]] && same(m, m+1) && lists.units[ws[m+1]] }
	for k := 0; k < len(ws); k++ {
		verb := doseVerbs[ws[k]]
		if !verb && !doseAt(k) {
			continue
		}
		last, med, dose, freq := -1, false, false, false
		m := k + 1
		if !verb {
			last, med, dose, m = k+1, true, true, k+2
		}
		for ; m <= k+8 && same(k, m); m++ {
			w := ws[m]
			switch {
			case doseAt(m):
				dose, med, last = true, true, m+1
				m++
			case verb && (lists.mednouns[w] || lists.drugs[w] || m <= k+2 && doseObjects[w]):
				med, last = true, m
			case med:
				if n := s.frequency(ws, idx, m); n > 0 {
					freq, last = true, m+n-1
					m = last
				}
			}
		}
		if !(verb && dose || med && freq) {
			continue
		}
		st, en := s.t[idx[k]].s, s.t[idx[last]].e
		m0 := s.text[st:en]
		s.out = append(s.out, Finding{Rule: "reply/advice", Severity: "error", Start: st, End: en, Match: m0,
			Message: quote(m0) + " tells someone how to take a medicine",
			Hint:    "never give a dose or schedule in a public reply; ask them to contact the office, or their own prescriber or pharmacist"})
		k = last
	}
}

var (
	freqCounts = set("once", "twice", "thrice")
	freqPer    = set("a", "per", "each", "every", "an")
	freqUnits  = set("day", "days", "daily", "night", "nights", "week", "weekly", "morning", "mornings",
		"evening", "evenings", "hour", "hours", "hourly", "minutes", "meal", "meals", "bedtime")
	freqWhen = set("before", "after", "with", "at")
	freqMeal = set("meals", "food", "breakfast", "lunch", "dinner", "supper", "bed", "bedtime", "night")
)

// frequency returns how many words from ws[m] say how often: "twice a
// day", "3 times daily", "every 6 hours", "every morning", "daily",
// "at bedtime", "before meals"; 0 when they do not.
func (s *scan) frequency(ws []string, idx []int, m int) int {
	at := func(i int) string {
		if i < len(ws) && s.same(idx[m], idx[i]) {
			return ws[i]
		}
		return ""
	}
	w := at(m)
	switch {
	case w == "daily" || w == "nightly" || w == "hourly":
		return 1
	case freqCounts[w] && at(m+1) == "daily":
		return 2
	case freqCounts[w] && freqPer[at(m+1)] && freqUnits[at(m+2)]:
		return 3
	case numberWords[w] && at(m+1) == "times" && at(m+2) == "daily":
		return 3
	case numberWords[w] && at(m+1) == "times" && freqPer[at(m+2)] && freqUnits[at(m+3)]:
		return 4
	case w == "every" && freqUnits[at(m+1)]:
		return 2
	case w == "every" && numberWords[at(m+1)] && freqUnits[at(m+2)]:
		return 3
	case w == "every" && numberWords[at(m+1)] && at(m+2) == "to" && numberWords[at(m+3)] && freqUnits[at(m+4)]:
		return 5
	case freqWhen[w] && freqMeal[at(m+1)] && w != "with":
		return 2
	case w == "in" && at(m+1) == "the" && freqUnits[at(m+2)]:
		return 3 // "in the morning"
	}
	return 0
}
