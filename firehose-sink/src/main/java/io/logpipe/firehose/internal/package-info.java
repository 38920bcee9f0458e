/** Implementation details of the Firehose sink: the batching rule and the error classifier. Not API. */
@NullMarked
package io.logpipe.firehose.internal;

import org.jspecify.annotations.NullMarked;
