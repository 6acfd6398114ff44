// Each decision choice (app/decision.ts) is one public command: the notification's buttons, the
// panel's buttons and the palette all run the same one, so a click does what the palette does.
import type { DecisionChoice } from '../backend';

export const CHOICE_COMMANDS: Readonly<Record<DecisionChoice, string>> = {
  showDiff: 'microfactory.showDiff',
  approve: 'microfactory.approveCandidate',
  edit: 'microfactory.editCandidate',
  reject: 'microfactory.rejectCandidate',
  rejectWithFeedback: 'microfactory.rejectWithFeedback',
  skip: 'microfactory.skipStep',
  continueWithoutPausing: 'microfactory.continueWithoutPausing',
  approveRest: 'microfactory.approveRest',
  resume: 'microfactory.resumeSession',
  openSettings: 'microfactory.openProviderSettings',
  cancel: 'microfactory.cancelSession',
};
