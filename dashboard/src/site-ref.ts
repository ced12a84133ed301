/** What a feature screen receives about the site it shows. */
export interface SiteRef {
  domain: string
  timezone: string
  role: 'owner' | 'admin' | 'viewer'
}
