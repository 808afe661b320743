package org.issuedesk.ingest.connectors;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Each connector source's cursor (a timestamp, an id: whatever the source pages by), in the ledger's
 * database. A cursor moves only after the posts before it were answered accepted or duplicate, so a
 * restart (or a broker outage) never skips a post; at worst it fetches some again, and the ledger
 * answers duplicate.
 */
@Repository
public class ConnectorCursors {

    private final NamedParameterJdbcTemplate jdbc;

    public ConnectorCursors(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String source) {
        List<String> found = jdbc.queryForList("select position from connector_cursor where source = :source",
                Map.of("source", source), String.class);
        return found.stream().findFirst();
    }

    public void put(String source, String position) {
        Map<String, Object> params = Map.of("source", source, "position", position, "now", Timestamp.from(Instant.now()));
        if (jdbc.update("update connector_cursor set position = :position, updated_at = :now where source = :source",
                params) == 0) {
            jdbc.update("insert into connector_cursor (source, position, updated_at) values (:source, :position, :now)",
                    params);
        }
    }
}
