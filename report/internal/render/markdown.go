package render

import (
	"fmt"
	"strings"
)

// Markdown is the summary for CI job summaries and READMEs: the
// environment, the headline tables, the findings, the notes, and the
// charts as images beside it (chartDir is relative to the Markdown file).
func Markdown(pages []Page, chartDir string) []byte {
	var b strings.Builder
	for i, p := range pages {
		if i == 0 {
			fmt.Fprintf(&b, "# %s\n\n", p.Title)
		} else {
			fmt.Fprintf(&b, "## %s\n\n", p.Title)
		}
		for _, para := range p.Intro {
			if p.Bullets {
				fmt.Fprintf(&b, "- %s\n", para)
			} else {
				fmt.Fprintf(&b, "%s\n\n", para)
			}
		}
		if p.Bullets {
			b.WriteString("\n")
		}
		charts := func() {
			for _, c := range p.Charts {
				fmt.Fprintf(&b, "![%s](%s/%s.svg)\n\n", c.Title, chartDir, c.Stem)
			}
		}
		if p.ChartsFirst {
			charts()
		}
		for _, t := range p.Tables {
			writeMarkdownTable(&b, t)
		}
		if !p.ChartsFirst {
			charts()
		}
		for _, n := range p.Notes {
			fmt.Fprintf(&b, "> Note: %s\n\n", n)
		}
	}
	return []byte(b.String())
}

func writeMarkdownTable(b *strings.Builder, t Table) {
	fmt.Fprintf(b, "**%s**\n\n", t.Title)
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	b.WriteString("|")
	for _, h := range t.Header {
		fmt.Fprintf(b, " %s |", cell(h))
	}
	b.WriteString("\n|")
	for i := range t.Header {
		if t.Right != nil && t.Right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r {
			fmt.Fprintf(b, " %s |", cell(c))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
