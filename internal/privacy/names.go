package privacy

import "strings"

var titles = set("mr", "mrs", "ms", "miss", "mx", "mister", "mrs.",
	// Spanish: Sr. García, Sra. Rodríguez, Srta. Díaz, doña Carmen.
	"sr", "sra", "srta", "doña")

var roleWords = set("patient", "client", "paciente")

// eponymFollowers after a name make it a disease or a sign named after a
// person: "Hodgkin lymphoma", "Lou Gehrig's disease".
var eponymFollowers = set("disease", "diseases", "syndrome", "palsy", "disorder", "lymphoma", "sarcoma",
	"phenomenon", "sign", "maneuver", "manoeuvre", "ulcer", "cyst", "neuroma", "esophagus", "chorea",
	"encephalopathy", "thyroiditis", "contracture", "law", "reflex", "anomaly", "triad", "paralysis",
	"dystrophy", "ataxia", "wort")

// possNouns after a possessive name say it is a patient's: "Maria's biopsy".
var possNouns = set("biopsy", "diagnosis", "surgery", "symptoms", "symptom", "results", "result", "test", "tests",
	"scan", "scans", "mri", "prognosis", "condition", "tumor", "tumour", "cancer", "blood", "appointment",
	"appointments", "visit", "visits", "labs", "chart", "medication", "medications", "meds", "prescription",
	"recovery", "pregnancy", "infection", "fracture", "injury", "injuries", "illness", "allergy", "allergies",
	"seizures", "seizure", "dementia", "treatment", "therapy", "chemo", "chemotherapy", "disease", "x",
	"mammogram", "ultrasound", "diabetes", "asthma", "depression", "anxiety", "stroke", "heart", "admission",
	"discharge", "procedure", "operation", "wound", "rash", "lump", "pain", "insulin", "dose", "records",
	"record", "file", "care", "doctor", "surgeon", "oncologist", "cardiologist", "therapist", "case",
	"hospitalization", "hospitalisation", "colonoscopy", "lesion", "mole", "teeth", "tooth", "cavity",
	"filling", "crown", "implant", "braces", "relapse", "miscarriage", "overdose", "addiction", "hiv")

// eventWords after a name make the person a patient: "Maria was admitted".
var eventWords = set("diagnosed", "admitted", "hospitalized", "hospitalised", "referred", "discharged",
	"underwent", "undergoing", "undergoes", "presented", "presents", "complained", "complains", "complaining",
	"suffers", "suffered", "suffering", "prescribed", "treated", "seen", "rushed", "examined", "screened",
	"tested", "readmitted", "intubated", "relapsed", "miscarried", "overdosed", "biopsied",
	// Spanish, in both genders: "María fue diagnosticada".
	"diagnosticado", "diagnosticada", "ingresado", "ingresada", "hospitalizado", "hospitalizada",
	"internado", "internada", "operado", "operada", "intervenido", "intervenida", "tratado", "tratada",
	"atendido", "atendida", "derivado", "derivada", "examinado", "examinada", "recetado", "recetada")

// eventWordsWeak are the events that also happen to drugs and places
// ("Ozempic was prescribed"), so an unknown single word needs the others.
var eventWordsWeak = set("prescribed", "treated", "seen", "screened", "tested", "examined", "rushed",
	"tratado", "tratada", "atendido", "atendida", "examinado", "examinada", "recetado", "recetada")

// nonCareAdmission are places one is admitted to without being a patient.
var nonCareAdmission = set("school", "college", "university", "bar", "program", "programme", "residency",
	"fellowship", "academy", "practice", "membership")

// linkWords may stand between a name and its event: "Maria was recently
// diagnosed", "John has been admitted".
var linkWords = set("was", "is", "has", "had", "got", "gets", "been", "were", "being", "recently", "just",
	"first", "finally", "later", "then", "also", "initially", "eventually", "already", "ultimately", "only",
	// Spanish: "María fue hospitalizada", "Juan ya ha sido operado".
	"fue", "ha", "había", "sido", "está", "estuvo", "estaba", "recién", "ya", "también", "luego", "finalmente")

// hasWords say what a name has when a disease follows: "John has
// diabetes", "Luis padece asma".
var hasWords = set("has", "had", "with", "was", "developed",
	"tiene", "tenía", "padece", "padecía", "sufre", "sufría", "con")

// diseaseStems after "has", "had" or "with" near a name are a patient's
// condition: "John has type 2 diabetes".
var diseaseStems = []string{"cancer", "diabet", "tumor", "tumour", "dementia", "alzheimer", "parkinson", "stroke",
	"asthma", "copd", "hiv", "depress", "anxiety", "arthrit", "hypertens", "infection", "pneumonia", "covid",
	"influenza", "leukemia", "leukaemia", "lymphoma", "melanoma", "carcinoma", "sclerosis", "epilep",
	"seizure", "migraine", "autism", "adhd", "bipolar", "schizo", "disorder", "syndrome", "fracture",
	"concussion", "obes", "allerg", "eczema", "psoriasis", "hepatitis", "tubercul", "sepsis", "shingles",
	"measles", "lupus", "crohn", "colitis", "celiac", "coeliac", "anemia", "anaemia", "pregnan", "miscarr",
	"overdose", "addiction", "chlamydia", "herpes", "gonorr", "syphilis", "heart attack", "kidney", "cirrhosis",
	// Spanish, where its stem differs.
	"cáncer", "tumor", "demencia", "depresi", "ansiedad", "artritis", "hipertensi", "infecci", "neumon",
	"gripe", "leucemia", "linfoma", "esclerosis", "epileps", "convulsi", "migraña", "autismo", "trastorno",
	"síndrome", "fractura", "obesi", "alergi", "tubercul", "embaraz", "aborto", "sobredosis", "adicci",
	"infarto", "renal", "cirrosis", "vih", "sida", "asma"}

// clinicalStems anywhere in a sentence make a titled name ("Mr. Jones")
// or a named patient a patient's.
var clinicalStems = append([]string{"patient", "diagnos", "biops", "surg", "treat", "prescri", "symptom",
	"therap", "medica", "medicin", "hospital", "admit", "discharg", "clinic", "appointment", "visit", "chemo",
	"dialys", "transplant", "scan", "mri", "ultrasound", "mammogra", "blood", "test", "result", "lab", "dose",
	"pain", "sick", "ill", "disease", "condition", "recover", "operat", "procedur", "exam", "seen", "consult",
	"referr", "vaccin", "prognos", "insulin", "cholesterol", "injur", "wound", "ulcer", "lesion", "mole",
	"lump", "cyst", "radiation", "dental", "tooth", "teeth", "cavity", "filling", "physio", "rehab", "icu",
	"emergency", "ambulance", "nurse", "doctor", "physician", "dentist", "rash", "fever", "cough", "bleed",
	"pill", "tablet", "flu", "virus", "x-ray", "cardio", "onco", "pharmac", "cast", "stitches", "birth",
	// Spanish.
	"pacient", "diagnóstic", "cirug", "tratamient", "medicament", "síntoma", "terapia", "diális",
	"quimio", "radiograf", "análisis", "urgencia", "ingres", "operad", "operaci", "enferm", "dolor",
	"fiebre", "receta", "vacun", "médic", "prueba", "herida", "cita", "parto"},
	diseaseStems...)

func hasStem(w string, stems []string) bool {
	for _, st := range stems {
		if strings.HasPrefix(w, st) {
			return true
		}
	}
	return false
}

// clinicalSentence reports whether i's sentence has a clinical word.
func (s *scan) clinicalSentence(i int) bool {
	for j := i; s.same(i, j); j-- {
		if s.clinical(j) {
			return true
		}
	}
	for j := i + 1; s.same(i, j); j++ {
		if s.clinical(j) {
			return true
		}
	}
	return false
}

func (s *scan) clinical(j int) bool {
	w := s.w(j)
	return hasStem(w, clinicalStems) || (w == "ray" || w == "rays") && s.is(j-1, '-') && s.w(j-2) == "x"
}

// nameWord reports whether token j could be part of a person's name:
// capitalised, not all capitals, letters only, not a common word.
func (s *scan) nameWord(j int, strict bool) bool {
	if !s.ok(j) || s.t[j].punct || !s.t[j].upper || s.t[j].caps || s.t[j].ndig > 0 || s.t[j].nlet < 2 {
		return false
	}
	if strict && s.kw(j, kwStop|kwEponym) {
		return false
	}
	return !s.kw(j, kwMonth|kwTitle)
}

// firstName reports whether token j is a common given name.
func (s *scan) firstName(j int) bool {
	return s.nameWord(j, false) && s.kw(j, kwFirstName) && !s.d.names[s.w(j)]
}

// nameAt reads a name starting at token i: up to three name words
// ("Maria", "John Smith", "Ana Lucia Perez"). It returns the last token,
// whether the first word is a common given name, and the word count.
func (s *scan) nameAt(i int, strict bool) (end int, known bool, words int, ok bool) {
	if !s.nameWord(i, strict) {
		return 0, false, 0, false
	}
	known = s.kw(i, kwFirstName)
	end, words = i, 1
	allowed := s.d.names[s.w(i)]
	for words < 3 && !s.t[end].poss {
		j := end + 1
		if s.is(j, '-') && s.adj(j) && s.adj(j+1) && s.nameWord(j+1, true) {
			end = j + 1
			allowed = allowed && s.d.names[s.w(end)]
			continue
		}
		if !s.ok(j) || s.t[j].gap != gapSpace || !s.nameWord(j, true) {
			break
		}
		end = j
		words++
		allowed = allowed && s.d.names[s.w(end)]
	}
	if allowed {
		return 0, false, 0, false
	}
	// "Hodgkin lymphoma", "Lou Gehrig's disease"
	if a := s.wordAfter(end); eponymFollowers[s.w(a)] && a <= end+3 {
		return 0, false, 0, false
	}
	return end, known, words, true
}

func (s *scan) addName(start, end int) {
	s.add("privacy/patient-name", "name", s.t[start].s, s.t[end].e,
		"%q looks like a patient's name next to details of their care",
		"leave the name out or change it and say so (\"a patient, whom we'll call M.\"), with the patient's written consent")
}

// names reports names of people next to their care.
func (s *scan) names() {
	for i := 0; i < len(s.t); i++ {
		if s.t[i].link {
			continue
		}
		switch {
		case s.kw(i, kwTitle) && s.t[i].upper:
			// "Mr. Jones was diagnosed", "Mrs. Lee's biopsy"
			j := i + 1
			if s.is(j, '.') && s.adj(j) {
				j++
			}
			if !s.ok(j) || s.t[j].gap != gapSpace && s.t[j].gap != gapNone {
				continue
			}
			end, _, _, ok := s.nameAt(j, false)
			if ok && s.clinicalSentence(i) {
				s.addName(i, end)
				i = end
			}
			continue
		case s.kw(i, kwRole) && (!s.t[i].upper || s.wordBefore(i) < 0):
			// "my patient Maria", "patient John Smith", "a patient named Maria"
			j := i + 1
			if s.is(j, ',') || s.is(j, ':') {
				j++
			}
			if s.w(j) == "named" || s.w(j) == "called" {
				j++
			}
			if !s.ok(j) || s.t[j].gap != gapSpace || s.t[j].sent != s.t[i].sent {
				continue
			}
			if s.kw(j, kwTitle) {
				continue // the title case reports it
			}
			end, _, _, ok := s.nameAt(j, true)
			if ok {
				s.addName(j, end)
				i = end
			}
			continue
		}
		end, known, words, ok := s.nameAt(i, true)
		if !ok {
			continue
		}
		initial := s.wordBefore(i) < 0
		if !known && words == 1 && initial {
			continue // "Diabetes was diagnosed"
		}
		if s.patientAfter(end, known || words > 1) {
			s.addName(i, end)
			i = end
		}
	}
}

// patientAfter reports whether what follows the name ending at end makes
// its bearer a patient.
func (s *scan) patientAfter(end int, sure bool) bool {
	if s.t[end].poss {
		// "Maria's biopsy", "John's recent diagnosis"
		if !sure {
			return false
		}
		for j, n := end+1, 0; n < 2 && s.same(end, j); j++ {
			if s.t[j].punct {
				continue
			}
			if possNouns[s.w(j)] {
				return true
			}
			n++
		}
		return false
	}
	j := end + 1
	// "John Smith, 45, was admitted", "Maria (72) was admitted"
	if (s.is(j, ',') || s.is(j, '(')) && s.ndig(j+1) > 0 && (s.is(j+2, ',') || s.is(j+2, ')')) {
		j += 3
	}
	// "José Ramírez, de 45 años, fue internado"
	if s.is(j, ',') && s.w(j+1) == "de" && s.ndig(j+2) > 0 && s.w(j+3) == "años" && s.is(j+4, ',') {
		j += 5
	}
	// "Maria, a patient of ours", "Maria, my patient,"
	if s.is(j, ',') && sure {
		for k, n := j+1, 0; n < 4 && s.same(end, k); k++ {
			if roleWords[s.w(k)] || (s.w(k) == "patients" || s.w(k) == "clients") && s.w(k-2) == "of" {
				return true
			}
			if !s.t[k].punct {
				n++
			}
		}
	}
	for n := 0; n < 4 && s.same(end, j); j++ {
		if s.t[j].punct {
			if s.is(j, ',') || s.is(j, '.') || s.is(j, ';') {
				return false
			}
			continue
		}
		w := s.w(j)
		switch {
		case eventWords[w]:
			if w == "admitted" && s.w(j+1) == "to" && nonCareAdmission[s.w(j+2)] || w == "admitted" && s.w(j+1) == "to" && nonCareAdmission[s.w(j+3)] {
				return false // "admitted to medical school"
			}
			if w == "tested" {
				a := s.w(s.wordAfter(j))
				return a == "positive" || a == "negative"
			}
			return sure || !eventWordsWeak[w]
		case w == "came" && (s.w(j+1) == "in" || s.w(j+1) == "to" || s.w(j+1) == "into"):
			return sure
		case (w == "dado" || w == "dada") && s.w(j+1) == "de" && s.w(j+2) == "alta":
			return sure // "fue dado de alta": discharged
		case w == "dio" && (s.w(j+1) == "positivo" || s.w(j+1) == "negativo"):
			return sure // "dio positivo": tested positive
		case sure && hasWords[w]:
			for k, m := j+1, 0; m < 4 && s.same(j, k); k++ {
				if hasStem(s.w(k), diseaseStems) {
					return true
				}
				if !s.t[k].punct {
					m++
				}
			}
		case !linkWords[w]:
			return false
		}
		n++
	}
	return false
}
