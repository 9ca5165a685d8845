// Adult eye dimensions the photo scale is read from. Each figure names its source; the README repeats them.

/**
 * Horizontal visible iris diameter (white-to-white), mm: mean and one standard deviation across adults.
 * Rüfer F, Schröder A, Erb C. "White-to-white corneal diameter: normal values in healthy humans obtained with the
 * Orbscan II topography system." Cornea 2005;24(3):259–261 (doi:10.1097/01.ico.0000148312.01805.53):
 * 11.71 ± 0.42 mm (390 subjects; men 11.77 ± 0.37, women 11.64 ± 0.47). Hashemi H et al., "White-to-white corneal
 * diameter distribution in an adult population", J Curr Ophthalmol 2015;27:21–24: 11.80 mm, normal range
 * 10.8–12.8 mm (sd ≈ 0.5) in 4787 adults aged 40–64. We take 11.7 mm and the wider sd, 0.5 mm.
 */
export const IRIS_DIAMETER_MM = { mean: 11.7, sd: 0.5 } as const;

/**
 * Interpupillary distance (far, adults), mm: mean and one standard deviation.
 * Dodgson NA. "Variation and extrema of human interpupillary distance." Proc. SPIE 5291, Stereoscopic Displays and
 * Virtual Reality Systems XI, 2004, 36–46 (doi:10.1117/12.529999): mean adult IPD ≈ 63 mm, the vast majority within
 * 50–75 mm; its survey of the 1988 US Army anthropometric survey (ANSUR) gives ≈ 64.7 ± 3.7 mm for men and
 * ≈ 62.3 ± 3.6 mm for women. We take 63 mm with sd 3.7 mm.
 */
export const IPD_MM = { mean: 63, sd: 3.7 } as const;
