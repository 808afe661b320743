package org.issuedesk.classifier.surge;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.issuedesk.contracts.ingest.SocialPost;

/**
 * The terms of a post that can say what a surge is about: its hashtags ({@code #passport}) and its
 * words of four letters or more that are not common English or French words. Each term once per post.
 */
final class PostTerms {

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern LINK_OR_MENTION = Pattern.compile("(https?://\\S+)|([@#]\\S+)");
    private static final int MAX_TERMS = 40;
    private static final Set<String> STOP_WORDS = Set.of(
            // English
            "about", "after", "again", "also", "because", "been", "before", "being", "cant", "could", "didn",
            "does", "doesn", "done", "dont", "each", "even", "every", "from", "have", "here", "into", "just",
            "know", "like", "made", "make", "many", "more", "most", "much", "need", "only", "other", "over",
            "really", "same", "should", "some", "still", "such", "than", "that", "their", "them", "then",
            "there", "these", "they", "this", "those", "under", "very", "want", "were", "what", "when",
            "where", "which", "while", "will", "with", "would", "your", "youre", "thanks", "today", "week",
            "weeks", "days", "anyone", "someone", "people", "it's", "i'm",
            // French
            "avec", "aussi", "avoir", "cette", "comme", "dans", "depuis", "elle", "elles", "encore", "être",
            "était", "fait", "faire", "leur", "leurs", "mais", "même", "nous", "pour", "quand", "sans",
            "sont", "sous", "tous", "tout", "toute", "toutes", "très", "vous", "votre", "chez", "alors",
            "avant", "après", "merci", "jours", "semaines", "quelqu", "personne");

    private PostTerms() {
    }

    static Set<String> of(SocialPost post) {
        Set<String> terms = new LinkedHashSet<>();
        for (String tag : post.hashtags()) {
            if (!tag.isBlank() && terms.size() < MAX_TERMS) {
                terms.add("#" + tag.toLowerCase(Locale.ROOT));
            }
        }
        String text = post.text() == null ? "" : post.text();
        // at most the first 2,000 characters: a surge is told by what posts start with
        text = text.length() > 2_000 ? text.substring(0, 2_000) : text;
        for (String word : NOT_A_WORD.split(LINK_OR_MENTION.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT))) {
            if (terms.size() >= MAX_TERMS) {
                break;
            }
            if (word.length() >= 4 && word.length() <= 40 && !STOP_WORDS.contains(word)
                    && !word.chars().allMatch(Character::isDigit)) {
                terms.add(word);
            }
        }
        return terms;
    }
}
