package report

import (
	"fmt"
	"strings"
)

// renderMarkdown is the summary for CI job summaries and READMEs: the
// environment, the headline tables, the findings, the notes, and the
// charts as images beside it (chartDir is relative to the Markdown file).
func renderMarkdown(pages []page, chartDir string) []byte {
	var b strings.Builder
	for i, p := range pages {
		if i == 0 {
			fmt.Fprintf(&b, "# %s\n\n", p.title)
		} else {
			fmt.Fprintf(&b, "## %s\n\n", p.title)
		}
		for _, para := range p.intro {
			if p.title == "Findings" {
				fmt.Fprintf(&b, "- %s\n", para)
			} else {
				fmt.Fprintf(&b, "%s\n\n", para)
			}
		}
		if p.title == "Findings" {
			b.WriteString("\n")
		}
		charts := func() {
			for _, c := range p.charts {
				fmt.Fprintf(&b, "![%s](%s/%s.svg)\n\n", c.title, chartDir, c.stem)
			}
		}
		if p.chartsFirst {
			charts()
		}
		for _, t := range p.tables {
			writeMarkdownTable(&b, t)
		}
		if !p.chartsFirst {
			charts()
		}
		for _, n := range p.notes {
			fmt.Fprintf(&b, "> Note: %s\n\n", n)
		}
	}
	return []byte(b.String())
}

func writeMarkdownTable(b *strings.Builder, t table) {
	fmt.Fprintf(b, "**%s**\n\n", t.title)
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	b.WriteString("|")
	for _, h := range t.header {
		fmt.Fprintf(b, " %s |", cell(h))
	}
	b.WriteString("\n|")
	for i := range t.header {
		if t.right != nil && t.right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		b.WriteString("|")
		for _, c := range r {
			fmt.Fprintf(b, " %s |", cell(c))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
