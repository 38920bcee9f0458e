/** Implementation of the Kinesis sink; not API. */
@NullMarked
package io.logpipe.kinesis.internal;

import org.jspecify.annotations.NullMarked;
