/**
 * The app's identity as the OS sees it. `APP_ID` is electron-builder's `appId` (build/electron-builder.yml; a test
 * keeps them equal) and the Windows AppUserModelID, so notifications are attributed to the installed app.
 * `DEEP_LINK_SCHEME` is the registered protocol of `webex-ops://room/<id>` links.
 */
export const APP_ID = 'com.example.webex-ops-console';
export const DEEP_LINK_SCHEME = 'webex-ops';
