package io.securer.langchain4j;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns the ISO text R sends for dates and times into the JSON objects LangChain4j 1.19's schemas
 * describe (and its executor reads): {@code "2024-03-01"} becomes
 * {@code {"year":2024,"month":3,"day":1}} for a {@code LocalDate}. R sends a Date as
 * {@code "YYYY-MM-DD"} and a POSIXct as {@code "YYYY-MM-DDTHH:MM:SS[.fff]Z"} in UTC (inside a list,
 * jsonlite writes {@code "YYYY-MM-DD HH:MM:SS"}); both are read here.
 *
 * <p>A {@code LocalDateTime} gets the clock time as written, without the offset (for R's
 * POSIXct: the UTC time); an {@code Instant} or {@code OffsetDateTime} given without an offset is
 * taken as UTC. Stateless and thread-safe.
 */
final class TemporalJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemporalJson() {
    }

    /** The object for {@code text}, or null when the text is not such a date or time. */
    static ObjectNode fromText(String text, SchemaTypes.Temporal kind) {
        String s = text.strip();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            return switch (kind) {
                case DATE -> date(LocalDate.parse(s));
                case TIME -> time(LocalTime.parse(s));
                case DATE_TIME -> dateTime(parse(s).toLocalDateTime());
                case INSTANT -> instant(parse(s).toInstant());
                case OFFSET_DATE_TIME -> offsetDateTime(parse(s));
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A date alone is midnight; no offset means UTC (for LocalDateTime the offset is dropped anyway). */
    private static OffsetDateTime parse(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
        }
    }

    private static ObjectNode date(LocalDate d) {
        ObjectNode o = NODES.objectNode();
        o.put("year", d.getYear());
        o.put("month", d.getMonthValue());
        o.put("day", d.getDayOfMonth());
        return o;
    }

    private static ObjectNode time(LocalTime t) {
        ObjectNode o = NODES.objectNode();
        o.put("hour", t.getHour());
        o.put("minute", t.getMinute());
        o.put("second", t.getSecond());
        o.put("nano", t.getNano());
        return o;
    }

    private static ObjectNode dateTime(LocalDateTime dt) {
        ObjectNode o = NODES.objectNode();
        o.set("date", date(dt.toLocalDate()));
        o.set("time", time(dt.toLocalTime()));
        return o;
    }

    private static ObjectNode instant(Instant i) {
        ObjectNode o = NODES.objectNode();
        o.put("seconds", i.getEpochSecond());
        o.put("nanos", i.getNano());
        return o;
    }

    private static ObjectNode offsetDateTime(OffsetDateTime odt) {
        ObjectNode offset = NODES.objectNode();
        offset.put("totalSeconds", odt.getOffset().getTotalSeconds());
        offset.put("id", odt.getOffset().getId());
        ObjectNode o = NODES.objectNode();
        o.set("dateTime", dateTime(odt.toLocalDateTime()));
        o.set("offset", offset);
        return o;
    }
}
