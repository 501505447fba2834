// Tag colours dark enough to be read as text on their own light tint (antd draws a hex-coloured
// tag that way) at WCAG AA contrast: antd's preset names ('gold', 'orange') fall short of it.
export const TAG_COLORS = { green: '#237804', gold: '#874d00', blue: '#0958d9', purple: '#531dab', red: '#a8071a', volcano: '#ad2102' } as const;
