package org.issuedesk.routing.emerging;

import java.util.List;

/** One page of a list; {@code total} counts every item that matches the filters. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
