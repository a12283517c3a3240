package count

import (
	"strings"
	"testing"
)

// benchTexts are snippets as the composer measures them: a typical English
// one with a link, hashtags and a notice, one in Japanese, one with emoji.
var benchTexts = []struct{ name, text string }{
	{"english", "Flu shots are in! Book yours at the front desk or online; walk-ins welcome on Saturdays.\n" +
		"https://clinic.example.com/posts/flu-shots?utm_source=x&utm_medium=social&utm_campaign=flu-shots\n\n" +
		"#flu #vaccines #health\nGeneral information, not medical advice. See your clinician."},
	{"japanese", "インフルエンザの予防接種を始めました。ご予約は受付またはオンラインでどうぞ。土曜日は予約なしでも受け付けます。" +
		"https://clinic.example.jp/posts/flu?utm_source=x\n#インフルエンザ"},
	{"emoji", "We're open 🎉👨‍👩‍👧‍👦 families welcome 🇬🇧 👍🏽 1️⃣ ©️ see clinic.co.uk/hours ❤️"},
}

func BenchmarkXCount(b *testing.B) {
	x, _ := For("x", 0)
	for _, bt := range benchTexts {
		b.Run(bt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x.Count(bt.text)
			}
		})
	}
}

func BenchmarkURLs(b *testing.B) {
	long := strings.Repeat(benchTexts[0].text+" ", 10)
	b.ReportAllocs()
	for b.Loop() {
		URLs(long)
	}
}
