package org.issuedesk.classifier.classification;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.issuedesk.classifier.classification.TextAnalyzer.AnalyzedText;
import org.issuedesk.contracts.classifier.IssueKind;

/**
 * The kind of response a post calls for, from cue words and phrases of the post's language (matched
 * like registry terms: whole words, case and accents ignored), a question mark, and a few emoji.
 * The kind with the most cue points wins; a tie goes to the kind that needs the most care
 * (misinformation, then complaint, question, praise). No cue at all means {@code other}.
 */
final class IssueKindDetector {

    /** A question mark is the clearest sign of a question, but rhetorical ones are common in complaints. */
    private static final double QUESTION_MARK = 2.0;
    private static final double CUE = 1.0;
    /** Confidence of {@code other} when no cue speaks for any kind: a default, not a finding. */
    static final double NO_CUE_CONFIDENCE = 0.5;

    /** A cue word or phrase of one language, or an emoji (any language). */
    private record Cue(IssueKind kind, String language, String label, Phrase phrase, String emoji) {

        boolean appliesTo(String postLanguage) {
            return language == null || LanguageDetector.UNDETERMINED.equals(postLanguage) || language.equals(postLanguage);
        }
    }

    record Detection(IssueKind kind, double confidence, List<String> evidence) {
    }

    /** Checked in this order on ties. */
    private static final List<IssueKind> TIE_ORDER = List.of(IssueKind.MISINFORMATION, IssueKind.COMPLAINT,
            IssueKind.QUESTION, IssueKind.PRAISE);

    private final List<Cue> cues = new ArrayList<>();
    /** The word cues by the key of their first word, as cue indexes: a post's words look up the few cues they can start. */
    private final java.util.Map<String, int[]> cuesByFirstKey = new java.util.HashMap<>();

    IssueKindDetector() {
        words(IssueKind.QUESTION, LanguageDetector.ENGLISH,
                "how do", "how can", "how long", "how much", "how does", "when will", "when is", "when does",
                "where do", "where can", "what is", "what happens", "does anyone", "anyone know", "anybody know",
                "can i", "do i", "should i", "am i", "is it", "is there", "wondering", "any idea",
                "quick question", "dumb question", "how many", "how often", "do we", "can we", "who do i",
                "where do i", "what do i", "will i", "any advice", "do you know");
        words(IssueKind.QUESTION, LanguageDetector.FRENCH,
                "est-ce que", "comment", "combien", "quelqu'un sait", "savez-vous", "faut-il", "dois-je",
                "peut-on", "je me demande", "une idée", "merci d'avance", "c'est quoi", "qu'est-ce que",
                "est-ce normal", "c'est normal", "je fais quoi", "on fait quoi", "je fais comment", "puis-je",
                "ai-je", "y a-t-il", "des conseils", "quelqu'un a", "ça prend combien", "faut-tu");
        words(IssueKind.COMPLAINT, LanguageDetector.ENGLISH,
                "still", "nothing", "on hold", "no answer", "no response", "no explanation", "refused", "denied",
                "cut off", "wrong", "waited", "turned me away", "fix your", "so much for",
                "nobody", "no one", "never", "again", "ridiculous", "unacceptable", "frustrated", "frustrating",
                "fed up", "worst", "useless", "a joke", "disconnected", "hung up", "locked out", "nightmare",
                "make it make sense", "cash grab", "absurd", "incompetent", "exhausting", "terrible", "awful",
                "sick of", "tired of", "unreal", "wtf", "for nothing", "thanks for nothing",
                "thanks ottawa", "thx ottawa", "what a joke", "disgraceful", "shameful", "unbelievable", "insane",
                "going broke", "does nothing", "nobody cares", "no one cares", "losing it", "what's the point",
                "zero answers", "no word", "not normal", "still waiting", "cut me off",
                "who pays", "can't afford", "hours on hold", "on hold for");
        words(IssueKind.COMPLAINT, LanguageDetector.FRENCH,
                "toujours", "rien", "aucune nouvelle", "aucun retour", "en attente", "personne", "refusé", "coupé",
                "voyons donc", "pas normal", "se faire dire",
                "jamais", "encore", "franchement", "ridicule", "inacceptable", "écœurant", "tanné", "épuisant",
                "n'importe quoi", "honte", "incompétent", "cauchemar", "marre", "raccroché", "merci pour rien",
                "merci ottawa", "pour rien", "honteux", "scandaleux", "aucun bon sens", "à boutte", "à bout",
                "rien reçu", "qui paie", "panique", "fait rien", "s'en soucie", "c'est du vol",
                "sérieusement", "c'est cruel", "aucune réponse", "zéro réponse", "pas payé",
                "pas payée", "on vit comment", "facile à dire");
        words(IssueKind.MISINFORMATION, LanguageDetector.ENGLISH,
                "psa", "heads up", "fyi", "share before", "share this", "spread the word", "before they delete",
                "they don't want you to know", "look it up", "wake up", "my cousin", "my neighbour", "my neighbor",
                "confirmed it", "apparently", "saw it on", "heard from", "quietly", "secretly", "friendly reminder",
                "loophole", "nobody talks about", "no one talks about", "it's in the bill",
                "don't believe", "dont believe", "don't let anyone tell you", "just so you all know",
                "everyone got one", "tell everyone", "changed it overnight", "aren't telling us", "not telling us",
                "they won't tell you", "guys the", "the media won't", "cover up",
                "they're hiding", "hiding it");
        words(IssueKind.MISINFORMATION, LanguageDetector.FRENCH,
                "partagez", "faites attention", "info importante", "c'est sorti", "faites vite", "en catimini",
                "veulent pas qu'on le sache", "mon cousin", "ma cousine", "un voisin", "il paraît", "paraît que",
                "réveillez-vous", "vérifiez vos", "attention", "c'est rendu la loi", "c'est dans l'accord",
                "c'est dans le budget", "tout le monde l'a", "ils nous le disent pas", "ils le disent pas",
                "faites tourner", "avant que ça disparaisse", "c'est faux que", "ils cachent", "on nous cache",
                "les médias", "c'est confirmé", "c'est officiel", "j'ai entendu dire");
        words(IssueKind.PRAISE, LanguageDetector.ENGLISH,
                "thank", "shoutout", "shout out", "kudos", "credit where", "great job", "well done", "impressed",
                "pleasantly surprised", "grateful", "appreciate", "so kind", "super friendly", "props to",
                "hero", "legend", "lovely", "fantastic", "were great", "was great", "amazing", "respect to",
                "nice to see", "nice surprise", "no hassle", "smooth", "so helpful", "very helpful", "good job",
                "huge thanks", "big thanks");
        words(IssueKind.PRAISE, LanguageDetector.FRENCH,
                "merci", "bravo", "chapeau", "félicitations", "souligner", "reconnaissant", "reconnaissante",
                "ça fait du bien", "pour une fois", "efficace", "impressionné", "génial", "une perle",
                "gentils", "gentille", "gentil", "super service", "service impeccable", "bon travail",
                "de joie", "aucun problème", "sans problème", "rapides", "souriant", "souriante", "un gros merci");
        emoji(IssueKind.PRAISE, "👏", "🙌", "👍", "❤", "🙏");
        emoji(IssueKind.COMPLAINT, "😡", "🤬", "🙄", "🙃");
        emoji(IssueKind.MISINFORMATION, "🚨");
        java.util.Map<String, List<Integer>> index = new java.util.HashMap<>();
        for (int c = 0; c < cues.size(); c++) {
            if (cues.get(c).phrase() != null) {
                index.computeIfAbsent(cues.get(c).phrase().firstKey(), k -> new ArrayList<>()).add(c);
            }
        }
        index.forEach((key, list) -> cuesByFirstKey.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
    }

    private void words(IssueKind kind, String language, String... words) {
        for (String word : words) {
            cues.add(new Cue(kind, language, word, Phrase.of(word), null));
        }
    }

    private void emoji(IssueKind kind, String... emoji) {
        for (String e : emoji) {
            cues.add(new Cue(kind, null, e, null, e));
        }
    }

    /**
     * @param language the post's language: only that language's cue words count ("comment" is a
     *                 French interrogative, an English noun); both count when it is undetermined
     */
    Detection detect(AnalyzedText text, String language) {
        Map<IssueKind, Double> scores = new EnumMap<>(IssueKind.class);
        Map<IssueKind, List<String>> evidence = new EnumMap<>(IssueKind.class);
        score(text, language, scores, evidence);
        return decide(scores, evidence);
    }

    /** The cue points of each kind, and which cues gave them: features for a model. */
    void score(AnalyzedText text, String language, Map<IssueKind, Double> scores, Map<IssueKind, List<String>> evidence) {
        if (text.raw().indexOf('?') >= 0) {
            scores.merge(IssueKind.QUESTION, QUESTION_MARK, Double::sum);
            evidence.computeIfAbsent(IssueKind.QUESTION, k -> new ArrayList<>()).add("question cue \"?\"");
        }
        if (text.raw().contains("??")) { // exasperation rather than a request for information
            scores.merge(IssueKind.COMPLAINT, CUE, Double::sum);
            evidence.computeIfAbsent(IssueKind.COMPLAINT, k -> new ArrayList<>()).add("complaint cue \"??\"");
        }
        boolean[] found = new boolean[cues.size()];
        List<TextAnalyzer.Token> tokens = text.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            int[] candidates = cuesByFirstKey.get(tokens.get(i).key());
            if (candidates != null) {
                for (int c : candidates) {
                    found[c] |= cues.get(c).phrase().matchesAt(tokens, i);
                }
            }
        }
        for (int c = 0; c < cues.size(); c++) {
            Cue cue = cues.get(c);
            if (!cue.appliesTo(language)) {
                continue;
            }
            if (cue.emoji() != null ? text.raw().contains(cue.emoji()) : found[c]) {
                scores.merge(cue.kind(), CUE, Double::sum);
                evidence.computeIfAbsent(cue.kind(), k -> new ArrayList<>())
                        .add(cue.kind().id() + " cue \"" + cue.label() + "\"");
            }
        }
    }

    private static Detection decide(Map<IssueKind, Double> scores, Map<IssueKind, List<String>> evidence) {
        if (scores.isEmpty()) {
            return new Detection(IssueKind.OTHER, NO_CUE_CONFIDENCE, List.of("no issue-kind cue: other"));
        }
        IssueKind best = TIE_ORDER.get(0);
        for (IssueKind kind : TIE_ORDER) {
            if (scores.getOrDefault(kind, 0.0) > scores.getOrDefault(best, 0.0)) {
                best = kind;
            }
        }
        double top = scores.get(best);
        double total = scores.values().stream().mapToDouble(Double::doubleValue).sum();
        // the winner's share of all cue points, damped when there is little evidence at all
        double confidence = (top / total) * (top / (top + 1.0));
        return new Detection(best, confidence, evidence.get(best));
    }
}
