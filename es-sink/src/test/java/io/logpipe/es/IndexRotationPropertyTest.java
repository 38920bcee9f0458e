package io.logpipe.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IndexRotationPropertyTest {

    private static final Instant DOC_EXAMPLE = Instant.parse("2016-02-25T13:00:00Z");

    @Example
    void indexName_firehoseDocumentationExample_matchesEveryRotation() {
        assertThat(IndexRotation.NO_ROTATION.indexName("myindex", DOC_EXAMPLE)).isEqualTo("myindex");
        assertThat(IndexRotation.ONE_HOUR.indexName("myindex", DOC_EXAMPLE)).isEqualTo("myindex-2016-02-25-13");
        assertThat(IndexRotation.ONE_DAY.indexName("myindex", DOC_EXAMPLE)).isEqualTo("myindex-2016-02-25");
        assertThat(IndexRotation.ONE_WEEK.indexName("myindex", DOC_EXAMPLE)).isEqualTo("myindex-2016-w08");
        assertThat(IndexRotation.ONE_MONTH.indexName("myindex", DOC_EXAMPLE)).isEqualTo("myindex-2016-02");
    }

    @Example
    void indexName_weekEdges_followSundayStartWeeks() {
        // 2016-01-01 is a Friday: before the year's first Sunday, week 00
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2016-01-01T00:00:00Z"))).isEqualTo("i-2016-w00");
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2016-01-03T00:00:00Z"))).isEqualTo("i-2016-w01");
        // 2017-01-01 is a Sunday: week 01 at once
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2017-01-01T00:00:00Z"))).isEqualTo("i-2017-w01");
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2016-12-31T23:59:59Z"))).isEqualTo("i-2016-w52");
        // UTC, not local time: 23:30 on Saturday UTC is still the old week
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2016-02-27T23:30:00Z"))).isEqualTo("i-2016-w08");
        assertThat(IndexRotation.ONE_WEEK.indexName("i", Instant.parse("2016-02-28T00:00:00Z"))).isEqualTo("i-2016-w09");
    }

    @Property(tries = 2000)
    void indexName_anyInstant_hasTheFirehoseSuffixOfItsUtcFields(@ForAll("instants") Instant t) {
        LocalDateTime u = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        String day = String.format("%04d-%02d-%02d", u.getYear(), u.getMonthValue(), u.getDayOfMonth());
        assertThat(IndexRotation.ONE_HOUR.indexName("x", t)).isEqualTo("x-" + day + String.format("-%02d", u.getHour()));
        assertThat(IndexRotation.ONE_DAY.indexName("x", t)).isEqualTo("x-" + day);
        assertThat(IndexRotation.ONE_MONTH.indexName("x", t))
                .isEqualTo(String.format("x-%04d-%02d", u.getYear(), u.getMonthValue()));
        // C's %U, computed independently: (yday + 7 - wday) / 7 with Sunday = 0
        int yday = u.getDayOfYear() - 1;
        int wday = u.getDayOfWeek().getValue() % 7;
        int week = (yday + 7 - wday) / 7;
        assertThat(IndexRotation.ONE_WEEK.indexName("x", t)).isEqualTo(String.format("x-%04d-w%02d", u.getYear(), week));
        assertThat(IndexRotation.NO_ROTATION.indexName("x", t)).isEqualTo("x");
    }

    @Property(tries = 500)
    void indexName_withinOneUtcHour_neverChanges(@ForAll("instants") Instant t) {
        long hourStart = IndexRotation.hourStart(t.toEpochMilli());
        for (IndexRotation r : IndexRotation.values()) {
            assertThat(r.indexName("x", t)).isEqualTo(r.indexName("x", Instant.ofEpochMilli(hourStart)))
                    .isEqualTo(r.indexName("x", Instant.ofEpochMilli(hourStart + 3_599_999)));
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("1990-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()).map(Instant::ofEpochMilli);
    }

    @Example
    void of_firehoseAndConstantNames_parse() {
        assertThat(IndexRotation.of("OneWeek")).isEqualTo(IndexRotation.ONE_WEEK);
        assertThat(IndexRotation.of("one_day")).isEqualTo(IndexRotation.ONE_DAY);
        assertThat(IndexRotation.of("NoRotation").firehoseName()).isEqualTo("NoRotation");
        assertThatThrownBy(() -> IndexRotation.of("daily")).hasMessageContaining("OneHour");
        assertThat(BackupMode.of("AllDocuments")).isEqualTo(BackupMode.ALL_DOCUMENTS);
        assertThat(BackupMode.of("FAILED_DOCUMENTS_ONLY").firehoseName()).isEqualTo("FailedDocumentsOnly");
        assertThatThrownBy(() -> BackupMode.of("some")).hasMessageContaining("FailedDocumentsOnly");
    }
}
