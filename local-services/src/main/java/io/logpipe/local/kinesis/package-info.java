/**
 * A real Kinesis-compatible server for local runs and tests: {@link io.logpipe.local.kinesis.KinesaliteServer}
 * runs kinesalite (from the npm registry) as a child process on 127.0.0.1.
 */
@NullMarked
package io.logpipe.local.kinesis;

import org.jspecify.annotations.NullMarked;
