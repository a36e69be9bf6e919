// The seam between the station's updater (./updater.ts, which decides) and whatever replaces the program
// (which acts): the Electron app's is src/main/electron/updater.ts (electron-updater's quitAndInstall);
// tests use a recording one. The updater has verified the release before it calls install.

/** A release the updater has verified: the feed's signature and the downloaded file's SHA-512 and size. */
export interface VerifiedRelease {
  version: string;
  /** The downloaded artefact (in the station's data folder, updates/). */
  file: string;
  /** SHA-512 of the file, base64, as the signed feed names it. */
  sha512: string;
  /** The version running now, to go back to if the new one does not start healthy. */
  previousVersion: string;
  /** The signed feed it came in (absent for a download kept by an older version of the updater). */
  feed?: SignedFeed;
}

/** An update feed's exact bytes and their detached Ed25519 signature (base64), as the server served them. */
export interface SignedFeed {
  text: string;
  signature: string;
}

export interface Installer {
  /**
   * Installs the release and restarts the station into it (in kiosk mode). May not return: the process
   * may end here. The updater has recorded the install before calling it.
   */
  install(release: VerifiedRelease): Promise<void>;
  /**
   * The new version did not report healthy after its start: go back to `version` and restart. Throws (a
   * plain sentence) when it cannot go back; the updater reports that in the fleet view.
   */
  rollback(to: { version: string; failedVersion: string }): Promise<void>;
}
