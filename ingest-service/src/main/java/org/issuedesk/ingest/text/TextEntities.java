package org.issuedesk.ingest.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hashtags, mentions and links of a post's plain text, each without its sigil, in order of
 * first appearance, without repeats (tags and accounts compared case-insensitively, first spelling kept).
 *
 * <ul>
 * <li>links: {@code http://} or {@code https://} up to white space, without trailing punctuation
 * or an unbalanced closing bracket ({@code (see https://x.org/a).} gives {@code https://x.org/a});
 * <li>hashtags: {@code #} not glued to a word, then letters, digits and underscores, at least one
 * a letter ({@code #EI}, {@code #impôts}, not {@code #1} nor {@code &#39;});
 * <li>mentions: {@code @} not glued to a word (so e-mail addresses are not mentions), then an
 * X or Mastodon user name, a Bluesky handle ({@code alice.bsky.social}) or a Mastodon
 * {@code user@instance.social}.
 * </ul>
 * Hashtags and mentions inside links ({@code https://mastodon.social/@alice}) do not count.
 */
public record TextEntities(List<String> hashtags, List<String> mentions, List<String> links) {

    private static final Pattern LINK = Pattern.compile("(?<![\\p{L}\\p{N}])https?://[^\\s<>\"]+",
            Pattern.CASE_INSENSITIVE);
    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"*…»”’";

    private static final String WORD = "\\p{L}\\p{M}\\p{N}_";
    private static final Pattern HASHTAG = Pattern.compile("(?<![" + WORD + "&#/])#([" + WORD + "]+)");

    private static final String NAME = "[\\p{L}\\p{N}_](?:[" + WORD + ".-]*[" + WORD + "])?";
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern MENTION = Pattern.compile(
            "(?<![" + WORD + "@./])@(" + NAME + "(?:@" + LABEL + "(?:\\." + LABEL + ")+)?)");

    public TextEntities {
        hashtags = List.copyOf(hashtags);
        mentions = List.copyOf(mentions);
        links = List.copyOf(links);
    }

    public static TextEntities of(String text) {
        if (text == null || text.isEmpty()) {
            return new TextEntities(List.of(), List.of(), List.of());
        }
        Distinct links = new Distinct(false);
        // blank out links so that the '#' and '@' inside them are not taken for hashtags or mentions
        StringBuilder withoutLinks = new StringBuilder(text);
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            String url = trimTrailing(link.group());
            if (url.indexOf("://") + 3 < url.length()) {
                links.add(url);
                for (int i = link.start(); i < link.start() + url.length(); i++) {
                    withoutLinks.setCharAt(i, ' ');
                }
            }
        }
        Distinct hashtags = new Distinct(true);
        Matcher hashtag = HASHTAG.matcher(withoutLinks);
        while (hashtag.find()) {
            String tag = hashtag.group(1);
            if (tag.codePoints().anyMatch(Character::isLetter)) {
                hashtags.add(tag);
            }
        }
        Distinct mentions = new Distinct(true);
        Matcher mention = MENTION.matcher(withoutLinks);
        while (mention.find()) {
            mentions.add(mention.group(1));
        }
        return new TextEntities(hashtags.values(), mentions.values(), links.values());
    }

    /** Drops sentence punctuation and closing brackets that the link did not open. */
    private static String trimTrailing(String url) {
        int[] open = {count(url, '('), count(url, '['), count(url, '{')};
        int[] close = {count(url, ')'), count(url, ']'), count(url, '}')};
        int end = url.length();
        while (end > 0) {
            char last = url.charAt(end - 1);
            int bracket = ")]}".indexOf(last);
            if (bracket >= 0 && close[bracket] > open[bracket]) {
                close[bracket]--;
            } else if (TRAILING_PUNCTUATION.indexOf(last) < 0) {
                break;
            }
            end--;
        }
        return url.substring(0, end);
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** Keeps the first spelling; tags and accounts ignore case ("EI" is "ei"), link paths do not. */
    private static final class Distinct {
        private final Map<String, String> byKey = new LinkedHashMap<>();
        private final boolean ignoreCase;

        Distinct(boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
        }

        void add(String value) {
            byKey.putIfAbsent(ignoreCase ? value.toLowerCase(Locale.ROOT) : value, value);
        }

        List<String> values() {
            return new ArrayList<>(byKey.values());
        }
    }
}
