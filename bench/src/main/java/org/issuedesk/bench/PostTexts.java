package org.issuedesk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.issuedesk.contracts.EventJson;

import tools.jackson.databind.JsonNode;

/**
 * Realistic bilingual post texts: English and French templates about the department's policy files
 * (and off-topic chatter) filled with varying details, plus optional seed texts from a JSON-lines
 * file. Deterministic for a given seed, so two runs send the same mix.
 */
final class PostTexts {

    private static final String[] EN = {
            "Still no news on my EI claim after %d weeks. Called %d times, nobody picks up. @ServiceCanada_E",
            "Applied for my passport %d days ago and the tracker still says 'received'. I fly on the %dth!",
            "Is it true the CRA sends refunds by e-Transfer text now? Got a link this morning, %d dollars. #scam?",
            "My mom turned 65 in %d and never got a letter about Old Age Security. Do we have to apply? (%d)",
            "Waited %d minutes on hold for the Canada Child Benefit line, then got disconnected. Again. Attempt %d.",
            "Where do I send my ROE if my employer closed? Been %d weeks, %d dollars of rent due.",
            "Great hike today, %d km along the coast, %d photos of the same seagull. No regrets.",
            "PSA: the passport office on Main closes at %d pm now, not %d. Save yourself the trip.",
            "Question: can I get EI sickness benefits while on parental leave? Week %d of %d.",
            "The GST credit came %d days late this quarter. Anyone else? Budget is tight, %d kids at home.",
    };
    private static final String[] FR = {
            "Toujours pas de nouvelles de ma demande d'assurance-emploi après %d semaines. %d appels, personne.",
            "3e fois que je me présente au bureau des passeports pis on me renvoie à %dh. Je pars le %d.",
            "C'est vrai que l'ARC envoie les remboursements par virement Interac? J'ai reçu un lien, %d $.",
            "Ma mère a eu 65 ans en %d, jamais reçu de lettre pour la Sécurité de la vieillesse. Faut-tu appliquer? (%d)",
            "%d minutes d'attente pour l'Allocation canadienne pour enfants, puis coupé. Essai numéro %d.",
            "Mon employeur a fermé, où j'envoie mon relevé d'emploi? Ça fait %d semaines, loyer de %d $ à payer.",
            "Belle randonnée aujourd'hui, %d km au bord du fleuve, %d photos du même goéland.",
            "Attention : le bureau des passeports ferme à %dh maintenant, pas %dh. Évitez le déplacement.",
            "Question : est-ce que je peux avoir des prestations de maladie de l'AE pendant mon congé parental? Semaine %d sur %d.",
            "Le crédit de TPS est arrivé %d jours en retard ce trimestre. Budget serré, %d enfants à la maison.",
    };

    private final List<String> seeds;
    private final SplittableRandom random;

    PostTexts(List<String> seeds, long randomSeed) {
        this.seeds = List.copyOf(seeds);
        this.random = new SplittableRandom(randomSeed);
    }

    /** Seeds from a JSON-lines file (the "text" of each line), or none. */
    static List<String> readSeeds(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        if (file == null) {
            return texts;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode text = EventJson.mapper().readTree(line).get("text");
                if (text != null && text.isString() && !text.asString().isBlank()) {
                    texts.add(text.asString());
                }
            }
        }
        return texts;
    }

    /** One post as POST /api/posts takes it, as JSON. */
    synchronized String nextPostJson(String externalId) {
        boolean french = random.nextInt(3) == 0; // about a third in French, as in the sample data
        String text;
        if (!seeds.isEmpty() && random.nextInt(4) == 0) {
            text = seeds.get(random.nextInt(seeds.size()));
        } else {
            String[] templates = french ? FR : EN;
            text = templates[random.nextInt(templates.length)].formatted(2 + random.nextInt(20), 1 + random.nextInt(28));
        }
        return json(externalId, "bench", "@bench_" + random.nextInt(10_000), text,
                Instant.now().toString(), french ? "fr" : "en");
    }

    /** The platform every bench post claims, so its ids are recognisable: {@code bench:<externalId>}. */
    static String postId(String externalId) {
        return "bench:" + externalId;
    }

    private static String json(String id, String platform, String author, String text, String createdAt, String lang) {
        var node = EventJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("platform", platform);
        node.put("author", author);
        node.put("text", text);
        node.put("createdAt", createdAt);
        node.put("lang", lang);
        return EventJson.mapper().writeValueAsString(node);
    }
}
