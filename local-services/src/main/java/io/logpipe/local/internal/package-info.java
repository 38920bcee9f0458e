/** Implementation shared by local-services' launchers; not API. */
@NullMarked
package io.logpipe.local.internal;

import org.jspecify.annotations.NullMarked;
