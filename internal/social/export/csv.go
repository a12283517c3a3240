package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"time"
)

// Limits of the scheduling tools' bulk uploads.
const (
	// BufferRows is the most posts Buffer takes in one bulk upload.
	BufferRows = 100
	// HootsuiteRows is the most messages Hootsuite takes in one bulk upload.
	HootsuiteRows = 350
	// HootsuiteLead is how far in the future a Hootsuite bulk message must
	// be; Hootsuite refuses an upload holding a sooner one.
	HootsuiteLead = 10 * time.Minute
)

// CSV conventions, shared by both tools:
//
//   - UTF-8 without a byte-order mark, since a BOM would become part of the
//     first header name for a strict reader.
//   - RFC 4180 quoting by encoding/csv: a field holding a comma, a quote or
//     a newline is quoted, and quotes are doubled.
//   - Records end in LF, not RFC 4180's CRLF. Both tools' importers (like
//     every spreadsheet) accept LF, and with CRLF encoding/csv would also
//     rewrite a newline inside a snippet's text as CRLF, so the text posted
//     would no longer be byte for byte the text counted against the limit.
//     Newlines inside the text are kept, inside the quoted field.
//   - A cell that would start with '=', '+', '-', '@', a tab or a carriage
//     return, which a spreadsheet reads as a formula (OWASP's CSV
//     injection), starts with an apostrophe instead ([neutralise]). The
//     composer already writes every snippet text so (compose.FormulaSafe),
//     counting the apostrophe, so the text posted is the text counted; the
//     writer makes sure of it for every cell.
func writeCSV(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if header != nil {
		if err := w.Write(header); err != nil {
			return nil, err
		}
	}
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = neutralise(cell)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// neutralise returns cell with an apostrophe before it when a spreadsheet
// would read it as a formula: when it starts with '=', '+', '-', '@', a tab
// or a carriage return. A spreadsheet shows such a cell as text, and the
// apostrophe keeps a hostile title or text from running as a formula on
// the practice's computer.
func neutralise(cell string) string {
	if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// writeChunks writes rows into files of at most max rows each, named
// base.csv, base-2.csv ..., each with header.
func writeChunks(files map[string][]byte, base string, header []string, rows [][]string, max int) error {
	for n := 0; n*max < len(rows); n++ {
		b, err := writeCSV(header, rows[n*max:min((n+1)*max, len(rows))])
		if err != nil {
			return err
		}
		files[chunkName(base, ".csv", n)] = b
	}
	return nil
}

// bufferFiles writes one Buffer CSV per platform, because a Buffer upload
// goes to the one channel picked when uploading.
//
// Columns: Text is the full text with every URL whole; Image URL is the share
// image; Posting Time is local wall time "YYYY-MM-DD HH:mm" in the site's
// zone (set the Buffer organisation to the same zone). Tags is left empty:
// Buffer's tags are its own labels for organising posts, not hashtags, and
// the hashtags are already in the text.
func bufferFiles(loc *time.Location, items []Item) (map[string][]byte, error) {
	// The header of Buffer's bulk-upload template, exactly.
	header := []string{"Text", "Image URL", "Tags", "Posting Time"}
	files := map[string][]byte{}
	for _, platform := range platforms(items) {
		var rows [][]string
		for _, it := range items {
			if it.Platform != platform {
				continue
			}
			// Buffer's tags sort a practice's posts: the language's.
			rows = append(rows, []string{it.Text, it.Image, it.Lang, it.ScheduledAt.In(loc).Format("2006-01-02 15:04")})
		}
		if err := writeChunks(files, "buffer-"+platform, header, rows, BufferRows); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// hootsuiteFiles writes Hootsuite bulk-composer CSVs, one set per platform,
// because the social profiles an upload posts to are picked when uploading
// and every row goes to all of them.
//
// Hootsuite reads every row as a message, so there is no header row. The
// columns are: the date "MM/DD/YYYY HH:mm" (24-hour, local wall time in the
// site's zone; pick that date format and the same time zone in Hootsuite),
// the message, and the link. Hootsuite adds the link column's URL to the end
// of the message itself, so the message is the text with its link taken out
// and the link column carries the full URL; a text that does not hold its
// link (Instagram's "link in bio") keeps its text and gets no link.
// Instagram posts an image or nothing, so its rows have a fourth column,
// the media URL: the share image.
//
// Hootsuite refuses a bulk upload with a message less than 10 minutes in the
// future, so items sooner than Generated + [HootsuiteLead] are left out of
// the Hootsuite files only; every other export still has them.
func hootsuiteFiles(loc *time.Location, generated time.Time, items []Item) (map[string][]byte, error) {
	files := map[string][]byte{}
	cutoff := generated.Add(HootsuiteLead)
	for _, platform := range platforms(items) {
		var rows [][]string
		for _, it := range items {
			if it.Platform != platform || it.ScheduledAt.Before(cutoff) {
				continue
			}
			msg, link := it.Text, ""
			if it.URL != "" && strings.Contains(it.Text, it.URL) {
				msg, link = cutLink(it.Text, it.URL), it.URL
			}
			row := []string{it.ScheduledAt.In(loc).Format("01/02/2006 15:04"), msg, link}
			if platform == "instagram" {
				row = append(row, it.Image)
			}
			rows = append(rows, row)
		}
		if err := writeChunks(files, "hootsuite-"+platform, nil, rows, HootsuiteRows); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// cutLink removes the first occurrence of link from text together with the
// blank it leaves behind: one adjacent space, or the whole line when the link
// stood on a line of its own.
func cutLink(text, link string) string {
	i := strings.Index(text, link)
	if i < 0 {
		return text
	}
	before, after := text[:i], text[i+len(link):]
	before = strings.TrimRight(before, " \t")
	after = strings.TrimLeft(after, " \t")
	switch {
	case before == "" || after == "":
		return strings.TrimSpace(before + after)
	case strings.HasSuffix(before, "\n") && strings.HasPrefix(after, "\n"):
		return before + after[1:] // the link's own line goes
	case strings.HasSuffix(before, "\n") || strings.HasPrefix(after, "\n"):
		return before + after
	}
	return before + " " + after
}
