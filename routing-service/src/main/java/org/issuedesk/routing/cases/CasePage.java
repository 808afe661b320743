package org.issuedesk.routing.cases;

import java.util.List;

/** One page of a team's queue; {@code total} counts every case that matches the filters. */
public record CasePage(List<CaseSummary> items, int page, int size, long total) {

    public CasePage {
        items = List.copyOf(items);
    }
}
