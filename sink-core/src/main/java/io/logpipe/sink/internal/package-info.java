/** Implementation details of sink-core; not an API. */
@NullMarked
package io.logpipe.sink.internal;

import org.jspecify.annotations.NullMarked;
