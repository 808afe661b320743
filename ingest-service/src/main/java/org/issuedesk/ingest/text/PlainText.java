package org.issuedesk.ingest.text;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The plain text of a post whose text may be HTML (feed entries, Mastodon statuses): tags removed by
 * a real HTML parser (jsoup), entities unescaped, {@code <br>} as a line break and paragraphs apart
 * by a blank line, runs of spaces collapsed. Text without '<' or '&' is returned as it is.
 */
public final class PlainText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5",
            "h6", "pre", "tr", "ul", "ol", "table");
    private static final Set<String> SKIPPED = Set.of("script", "style", "template", "head");

    private PlainText() {
    }

    public static String of(String text) {
        if (text == null || (text.indexOf('<') < 0 && text.indexOf('&') < 0)) {
            return text;
        }
        Element body = Jsoup.parseBodyFragment(text).body();
        StringBuilder out = new StringBuilder(text.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t && !insideSkipped(t)) {
                    out.append(t.getWholeText()); // entities are already unescaped
                } else if (node instanceof Element e) {
                    if (e.normalName().equals("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        paragraphBreak(out);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    paragraphBreak(out);
                }
            }
        }, body);
        return tidy(out.toString());
    }

    private static boolean insideSkipped(TextNode node) {
        for (Node parent = node.parentNode(); parent != null; parent = parent.parentNode()) {
            if (parent instanceof Element e && SKIPPED.contains(e.normalName())) {
                return true;
            }
        }
        return false;
    }

    private static void paragraphBreak(StringBuilder out) {
        if (!out.isEmpty()) {
            out.append("\n\n");
        }
    }

    /** Spaces collapsed within lines, at most one blank line in a row, no blank start or end. */
    private static String tidy(String text) {
        String[] lines = text.replace('\u00a0', ' ').split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        int blank = 0;
        for (String line : lines) {
            String l = line.replaceAll("[ \\t\\x0B\\f\\r]+", " ").strip();
            if (l.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            out.append(l);
            blank = 0;
        }
        return out.toString();
    }
}
