package org.issuedesk.classifier.classification;

/** Tags a post. Implementations never throw for any text: odd input gets a null policy file and {@code other}. */
public interface Classifier {

    Classification classify(PostText post);

    /** Goes into every result as {@code classifierVersion}, so a tag can be traced to what made it. */
    String version();
}
