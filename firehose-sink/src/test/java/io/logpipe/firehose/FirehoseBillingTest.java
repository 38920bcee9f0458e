package io.logpipe.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class FirehoseBillingTest {

    @Test
    void billedBytes_roundsUpTo5KiBPerRecord() {
        assertThat(FirehoseBilling.billedBytes(0)).isEqualTo(5120);
        assertThat(FirehoseBilling.billedBytes(1)).isEqualTo(5120);
        assertThat(FirehoseBilling.billedBytes(5120)).isEqualTo(5120);
        assertThat(FirehoseBilling.billedBytes(5121)).isEqualTo(10240);
        // the reference's examples: 3 KB bills 5 KB, 12 KB bills 15 KB
        assertThat(FirehoseBilling.billedBytes(3 * 1024)).isEqualTo(5 * 1024);
        assertThat(FirehoseBilling.billedBytes(12 * 1024)).isEqualTo(15 * 1024);
    }

    @Test
    void billedBytes_twoOneKbRecords_bill10Kb() {
        assertThat(FirehoseBilling.billedBytes(2, 1024)).isEqualTo(10 * 1024);
    }

    @Test
    void packingSaving_smallRecords_savesMostOfTheBill() {
        // 1,000 records of 200 bytes: 1,000 x 5 KiB unpacked; packed into 100 KB records: 2 x 100 KiB
        double saving = FirehoseBilling.packingSaving(1000, 200, 100 * 1024);
        long packed = FirehoseBilling.billedBytes(512 * 200) + FirehoseBilling.billedBytes(488 * 200);
        assertThat(saving).isCloseTo(1.0 - packed / (1000.0 * 5120), within(1e-9));
        assertThat(saving).isGreaterThan(0.95);
    }

    @Test
    void packingSaving_recordsOfExactly5KiB_savesNothing() {
        assertThat(FirehoseBilling.packingSaving(10, 5120, 5120)).isZero();
    }

    @Test
    void billingArguments_negative_throw() {
        assertThatIllegalArgumentException().isThrownBy(() -> FirehoseBilling.billedBytes(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> FirehoseBilling.billedBytes(-1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> FirehoseBilling.packingSaving(1, 10, 5))
                .withMessageContaining("packedRecordBytes=5");
    }
}
