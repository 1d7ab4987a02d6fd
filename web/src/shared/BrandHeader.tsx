/** The business's logo and name above a customer page (nothing until the branding has loaded). */
import type { Branding } from '../api/types.ts';

export function BrandHeader({ branding }: { branding: Branding | null }) {
  if (!branding) return null;
  return (
    <header className="brand-header" data-testid="brand-header">
      {branding.logoUrl && <img className="brand-logo" src={branding.logoUrl} alt="" />}
      <span className="brand-name">{branding.businessName}</span>
    </header>
  );
}
