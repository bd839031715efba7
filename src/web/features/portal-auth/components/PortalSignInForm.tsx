import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';

/**
 * The sign-in form (`SignInForm`), inert, for the Settings preview: it shows the layout and colours without fields
 * that could be typed into or submitted.
 */
export function PortalSignInFormPreview() {
  return (
    <div className="form" inert>
      <TextField label="Email" type="email" value="" isReadOnly placeholder="you@example.com.au" />
      <TextField label="Password" type="password" value="" isReadOnly />
      <Button variant="primary" className="btn-block">
        Sign in
      </Button>
      <p className="form-footnote">
        <span className="preview-link">Forgot Password</span>
      </p>
    </div>
  );
}
