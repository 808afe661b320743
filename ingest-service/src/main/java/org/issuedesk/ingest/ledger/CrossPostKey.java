package org.issuedesk.ingest.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What two posts share when one cross-posts the other: the same author and the same text once
 * normalised (Unicode NFKC, lower case, white space collapsed; the author without a leading '@').
 * Stored as a SHA-256 so that the ledger keeps no post text.
 */
public final class CrossPostKey {

    private CrossPostKey() {
    }

    public static String of(String author, String text) {
        String who = author.strip().toLowerCase(Locale.ROOT);
        if (who.startsWith("@")) {
            who = who.substring(1);
        }
        String what = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ").strip();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((who + "\n" + what).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
