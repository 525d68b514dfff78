/**
 * English texts of the second sign-in factor and emergency access, spread into en.ts.
 * zh.ts and ug.ts beside this file must translate every key (the compiler checks).
 */
export const securityEn = {
  'mfa.code.intro': 'Open your authenticator app and enter the 6-digit code shown for Oasis. Without your phone, enter one of your recovery codes.',
  'mfa.code.label': 'Code',
  'mfa.code.hint': '6 digits, or a recovery code such as ABCDE-12345',
  'mfa.code.submit': 'Verify',
  'mfa.backToPassword': 'Back to sign-in',
  'mfa.enrol.intro': 'Your role requires a second factor. Set up an authenticator app (for example FreeOTP, Google or Microsoft Authenticator) before continuing.',
  'mfa.enrol.scan': 'Scan this QR code with the authenticator app.',
  'mfa.enrol.qrAlt': 'QR code to add Oasis to an authenticator app',
  'mfa.enrol.manual': 'Cannot scan? Enter this key in the app instead:',
  'mfa.enrol.confirm': 'Enter the 6-digit code the app now shows.',
  'mfa.enrol.submit': 'Confirm and sign in',
  'mfa.recovery.intro': 'Your authenticator is set up. Write down or print these recovery codes and keep them safe: each one signs you in once if your phone is lost. They are shown only now.',
  'mfa.recovery.continue': 'I have kept the codes, continue',
  'error.MFA_INVALID': 'That code is not valid or was already used. Enter the current code from the app.',

  'mfa.admin.title': 'Second factor',
  'mfa.admin.enabled': 'An authenticator app is set up.',
  'mfa.admin.none': 'No authenticator app is set up.',
  'mfa.admin.reset': 'Remove authenticator',
  'mfa.admin.resetBody': 'For a lost or replaced phone. The person’s authenticator and recovery codes stop working; if their role requires it, they set up a new one at the next sign-in.',
  'mfa.admin.resetDone': 'Authenticator removed.',

  'breakGlass.offer': 'This patient is outside your normal access. In an emergency you may open the record for a limited time by stating the reason; the access is recorded and your administrator is notified.',
  'breakGlass.open': 'Emergency access',
  'breakGlass.dialogTitle': 'Emergency access to this patient',
  'breakGlass.reason': 'Reason',
  'breakGlass.reasonHint': 'What the emergency is and why you need this record (at least 10 characters).',
  'breakGlass.submit': 'Open the record',
  'breakGlass.active': 'Emergency access until {time}. Every view is recorded.',
  'nav.breakGlass': 'Emergency access',
  'breakGlass.review.title': 'Emergency access review',
  'breakGlass.review.intro': 'Clinicians who opened a patient record outside their normal access, with their reason. New ones appear live.',
  'breakGlass.review.empty': 'No emergency access has been used.',
  'breakGlass.review.when': 'Granted',
  'breakGlass.review.who': 'Clinician',
  'breakGlass.review.patient': 'Patient',
  'breakGlass.review.reason': 'Reason',
  'breakGlass.review.until': 'Until',
  'breakGlass.review.activeNow': 'active',
  'breakGlass.review.new': 'New emergency access by {who}.',
};

export type SecurityMessages = Record<keyof typeof securityEn, string>;
