package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Which documents are written to the {@link io.logpipe.sink.FailedRecordStore}, as Firehose's {@code S3BackupMode}.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/APIReference/API_AmazonopensearchserviceDestinationConfiguration.html">S3BackupMode</a>
 */
@API(status = STABLE)
public enum BackupMode {
    /** Only documents that could not be indexed (Firehose's default). */
    FAILED_DOCUMENTS_ONLY("FailedDocumentsOnly"),
    /** Every document: the indexed ones as raw NDJSON, the failed ones as failed-document JSON. */
    ALL_DOCUMENTS("AllDocuments");

    private final String firehoseName;

    BackupMode(String firehoseName) {
        this.firehoseName = firehoseName;
    }

    /**
     * Returns the name Firehose's API uses.
     *
     * @return {@code FailedDocumentsOnly} or {@code AllDocuments}
     */
    public String firehoseName() {
        return firehoseName;
    }

    /**
     * Parses a Firehose API name or an enum constant name, case-insensitively.
     *
     * @param name for example {@code FailedDocumentsOnly} or {@code ALL_DOCUMENTS}
     * @return the mode
     * @throws IllegalArgumentException if the name is none of the modes
     */
    public static BackupMode of(String name) {
        String n = name.trim().replace("_", "").toLowerCase(Locale.ROOT);
        for (BackupMode m : values()) {
            if (m.firehoseName.toLowerCase(Locale.ROOT).equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("backupMode must be FailedDocumentsOnly or AllDocuments, got '" + name + "'");
    }
}
