/** The application: build it from its driven ports with Cacherr. */
package cacherr.application;
