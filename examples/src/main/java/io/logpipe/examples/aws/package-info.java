/** {@code logpipe aws plan|up|status|down}: the tutorial's stack on AWS from the command line. */
@NullMarked
package io.logpipe.examples.aws;

import org.jspecify.annotations.NullMarked;
