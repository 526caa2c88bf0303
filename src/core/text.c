/* Display width and safe cutting of UTF-8 text, with our own width table so
 * a screen lays out the same under every locale. */
#include <stdio.h>
#include <string.h>

#include "repdesk/text.h"

#define REPLACEMENT 0xFFFDu

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned lo = 0x80, hi = 0xBF;
	size_t need;
	uint32_t v;

	*cp = REPLACEMENT;
	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* The ranges of the second byte rule out overlong forms, surrogates
	 * and code points past U+10FFFF (RFC 3629, table 3-7 of Unicode). */
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		v = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		v = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;
		else if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		v = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;
		else if (u[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		/* A broken sequence is one U+FFFD for its longest valid prefix,
		 * so the byte that broke it starts the next character. */
		if (i >= len || u[i] < lo || u[i] > hi)
			return i;
		v = (v << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

bool text_valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		/* A literal U+FFFD is three bytes; a replacement for bad input is fewer. */
		if (cp == REPLACEMENT && n != 3)
			return false;
		i += n;
	}
	return true;
}

struct range {
	uint32_t lo, hi;
};

/* The widths are glibc 2.36's wcwidth (Unicode 15), which ncurses uses to
 * place cells, so what we measure is what the screen library lays out; the
 * double-width table also keeps the wide ranges this file always had.
 * Extended_Pictographic is Unicode 15's (emoji-data.txt), for clusters. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x061C, 0x061C }, { 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 },
	{ 0x0730, 0x074A }, { 0x07A6, 0x07B0 }, { 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD },
	{ 0x0816, 0x0819 }, { 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 }, { 0x08E3, 0x0902 },
	{ 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 }, { 0x094D, 0x094D },
	{ 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 }, { 0x09FE, 0x09FE },
	{ 0x0A01, 0x0A02 }, { 0x0A3C, 0x0A3C }, { 0x0A41, 0x0A42 }, { 0x0A47, 0x0A48 },
	{ 0x0A4B, 0x0A4D }, { 0x0A51, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC5 }, { 0x0AC7, 0x0AC8 },
	{ 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 }, { 0x0AFA, 0x0AFF }, { 0x0B01, 0x0B01 },
	{ 0x0B3C, 0x0B3C }, { 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B4D },
	{ 0x0B55, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 }, { 0x0BC0, 0x0BC0 },
	{ 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 }, { 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C },
	{ 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C48 }, { 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 },
	{ 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF },
	{ 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD }, { 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 },
	{ 0x0D3B, 0x0D3C }, { 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 },
	{ 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD4 }, { 0x0DD6, 0x0DD6 },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 },
	{ 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD }, { 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 },
	{ 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 },
	{ 0x0F86, 0x0F87 }, { 0x0F8D, 0x0F97 }, { 0x0F99, 0x0FBC }, { 0x0FC6, 0x0FC6 },
	{ 0x102D, 0x1030 }, { 0x1032, 0x1037 }, { 0x1039, 0x103A }, { 0x103D, 0x103E },
	{ 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 }, { 0x1082, 0x1082 },
	{ 0x1085, 0x1086 }, { 0x108D, 0x108D }, { 0x109D, 0x109D }, { 0x1160, 0x11FF },
	{ 0x135D, 0x135F }, { 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD }, { 0x17C6, 0x17C6 },
	{ 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD }, { 0x180B, 0x180F }, { 0x1885, 0x1886 },
	{ 0x18A9, 0x18A9 }, { 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B }, { 0x1A56, 0x1A56 },
	{ 0x1A58, 0x1A5E }, { 0x1A60, 0x1A60 }, { 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C },
	{ 0x1A73, 0x1A7C }, { 0x1A7F, 0x1A7F }, { 0x1AB0, 0x1ACE }, { 0x1B00, 0x1B03 },
	{ 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 },
	{ 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 }, { 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 },
	{ 0x1BAB, 0x1BAD }, { 0x1BE6, 0x1BE6 }, { 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED },
	{ 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 },
	{ 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 }, { 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 },
	{ 0x1CF8, 0x1CF9 }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0x20D0, 0x20F0 }, { 0x2CEF, 0x2CF1 },
	{ 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xA66F, 0xA672 }, { 0xA674, 0xA67D }, { 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 },
	{ 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B }, { 0xA825, 0xA826 },
	{ 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 }, { 0xA8E0, 0xA8F1 }, { 0xA8FF, 0xA8FF },
	{ 0xA926, 0xA92D }, { 0xA947, 0xA951 }, { 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 },
	{ 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 }, { 0xAA29, 0xAA2E },
	{ 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 }, { 0xAA43, 0xAA43 }, { 0xAA4C, 0xAA4C },
	{ 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 },
	{ 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED }, { 0xAAF6, 0xAAF6 },
	{ 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 }, { 0xABED, 0xABED }, { 0xD7B0, 0xD7C6 },
	{ 0xD7CB, 0xD7FB }, { 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A03 }, { 0x10A05, 0x10A06 }, { 0x10A0C, 0x10A0F },
	{ 0x10A38, 0x10A3A }, { 0x10A3F, 0x10A3F }, { 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 },
	{ 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 }, { 0x11001, 0x11001 },
	{ 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107F, 0x11081 },
	{ 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA }, { 0x110C2, 0x110C2 }, { 0x11100, 0x11102 },
	{ 0x11127, 0x1112B }, { 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF }, { 0x1122F, 0x11231 },
	{ 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123E, 0x1123E }, { 0x112DF, 0x112DF },
	{ 0x112E3, 0x112EA }, { 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136C }, { 0x11370, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA },
	{ 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 },
	{ 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119D7 }, { 0x119DA, 0x119DB }, { 0x119E0, 0x119E0 },
	{ 0x11A01, 0x11A0A }, { 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 },
	{ 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 },
	{ 0x11C30, 0x11C36 }, { 0x11C38, 0x11C3D }, { 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 },
	{ 0x11CAA, 0x11CB0 }, { 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D36 },
	{ 0x11D3A, 0x11D3A }, { 0x11D3C, 0x11D3D }, { 0x11D3F, 0x11D45 }, { 0x11D47, 0x11D47 },
	{ 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 }, { 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 },
	{ 0x13430, 0x13438 }, { 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F },
	{ 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E }, { 0x1BCA0, 0x1BCA3 },
	{ 0x1CF00, 0x1CF2D }, { 0x1CF30, 0x1CF46 }, { 0x1D167, 0x1D169 }, { 0x1D173, 0x1D182 },
	{ 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 },
	{ 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 }, { 0x1DA9B, 0x1DA9F },
	{ 0x1DAA1, 0x1DAAF }, { 0x1E000, 0x1E006 }, { 0x1E008, 0x1E018 }, { 0x1E01B, 0x1E021 },
	{ 0x1E023, 0x1E024 }, { 0x1E026, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A }, { 0xE0001, 0xE0001 },
	{ 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

static const struct range double_width[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x2FDF },
	{ 0x2FF0, 0xA4CF }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE52 }, { 0xFE54, 0xFE66 }, { 0xFE68, 0xFE6B },
	{ 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x16FF1 },
	{ 0x17000, 0x187F7 }, { 0x18800, 0x18CD5 }, { 0x18D00, 0x18D08 }, { 0x1AFF0, 0x1AFF3 },
	{ 0x1AFF5, 0x1AFFB }, { 0x1AFFD, 0x1AFFE }, { 0x1B000, 0x1B122 }, { 0x1B150, 0x1B152 },
	{ 0x1B164, 0x1B167 }, { 0x1B170, 0x1B2FB }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F202 }, { 0x1F210, 0x1F23B },
	{ 0x1F240, 0x1F248 }, { 0x1F250, 0x1F251 }, { 0x1F260, 0x1F265 }, { 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6D7 },
	{ 0x1F6DD, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7EB },
	{ 0x1F7F0, 0x1F7F0 }, { 0x1F900, 0x1F9FF }, { 0x1FA70, 0x1FA74 }, { 0x1FA78, 0x1FA7C },
	{ 0x1FA80, 0x1FA86 }, { 0x1FA90, 0x1FAAC }, { 0x1FAB0, 0x1FABA }, { 0x1FAC0, 0x1FAC5 },
	{ 0x1FAD0, 0x1FAD9 }, { 0x1FAE0, 0x1FAE7 }, { 0x1FAF0, 0x1FAF6 }, { 0x20000, 0x2FFFD },
	{ 0x30000, 0x3FFFD },
};

static const struct range pictographic[] = {
	{ 0x00A9, 0x00A9 }, { 0x00AE, 0x00AE }, { 0x203C, 0x203C }, { 0x2049, 0x2049 },
	{ 0x2122, 0x2122 }, { 0x2139, 0x2139 }, { 0x2194, 0x2199 }, { 0x21A9, 0x21AA },
	{ 0x231A, 0x231B }, { 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23CF, 0x23CF },
	{ 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA }, { 0x24C2, 0x24C2 }, { 0x25AA, 0x25AB },
	{ 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 }, { 0x25FB, 0x25FE }, { 0x2600, 0x2605 },
	{ 0x2607, 0x2612 }, { 0x2614, 0x2685 }, { 0x2690, 0x2705 }, { 0x2708, 0x2712 },
	{ 0x2714, 0x2714 }, { 0x2716, 0x2716 }, { 0x271D, 0x271D }, { 0x2721, 0x2721 },
	{ 0x2728, 0x2728 }, { 0x2733, 0x2734 }, { 0x2744, 0x2744 }, { 0x2747, 0x2747 },
	{ 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
	{ 0x2763, 0x2767 }, { 0x2795, 0x2797 }, { 0x27A1, 0x27A1 }, { 0x27B0, 0x27B0 },
	{ 0x27BF, 0x27BF }, { 0x2934, 0x2935 }, { 0x2B05, 0x2B07 }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x3030, 0x3030 }, { 0x303D, 0x303D },
	{ 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1F000, 0x1F0FF }, { 0x1F10D, 0x1F10F },
	{ 0x1F12F, 0x1F12F }, { 0x1F16C, 0x1F171 }, { 0x1F17E, 0x1F17F }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F1AD, 0x1F1E5 }, { 0x1F201, 0x1F20F }, { 0x1F21A, 0x1F21A },
	{ 0x1F22F, 0x1F22F }, { 0x1F232, 0x1F23A }, { 0x1F23C, 0x1F23F }, { 0x1F249, 0x1F3FA },
	{ 0x1F400, 0x1F53D }, { 0x1F546, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F774, 0x1F77F },
	{ 0x1F7D5, 0x1F7FF }, { 0x1F80C, 0x1F80F }, { 0x1F848, 0x1F84F }, { 0x1F85A, 0x1F85F },
	{ 0x1F888, 0x1F88F }, { 0x1F8AE, 0x1F8FF }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1FAFF }, { 0x1FC00, 0x1FFFD },
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Control characters count as one column: they are only ever shown through
 * the one-column mark that replaces them. */
int text_cp_width(uint32_t cp)
{
	if (cp < 0x00A0)
		return 1;
	if (in_table(cp, zero_width, COUNT(zero_width)))
		return 0;
	if (in_table(cp, double_width, COUNT(double_width)))
		return 2;
	return 1;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* What a cell shows in place of CP: a terminal must never receive a control
 * character from data (\r rewinds the row, ESC starts a sequence). */
static uint32_t cell_char(uint32_t cp)
{
	if (cp == '\n')
		return TEXT_LINE_BREAK;
	if (cp == '\t' || cp == '\r')
		return ' ';
	return is_control(cp) ? REPLACEMENT : cp;
}

static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static char *utf8_put(char *p, uint32_t cp)
{
	if (cp < 0x80) {
		*p++ = (char)cp;
	} else if (cp < 0x800) {
		*p++ = (char)(0xC0 | (cp >> 6));
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*p++ = (char)(0xE0 | (cp >> 12));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*p++ = (char)(0xF0 | (cp >> 18));
		*p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
	}
	return p;
}

/* ---- grapheme clusters ---- */

#define ZWJ 0x200Du

static bool is_pictographic(uint32_t cp)
{
	return cp >= 0x00A9 && in_table(cp, pictographic, COUNT(pictographic));
}

static bool is_regional(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

static bool is_modifier(uint32_t cp)
{
	return cp >= 0x1F3FB && cp <= 0x1F3FF;
}

/* A pragmatic UAX #29: a base followed by every zero-width code point
 * (combining marks, variation selectors, ZWJ, tags: what wcwidth and so the
 * screen give no column of their own); emoji ZWJ sequences and modifier
 * sequences (GB11, with modifiers only after a pictograph, where a terminal
 * joins them); regional indicator pairs (GB12/13). Controls and invalid
 * bytes stand alone (GB4/5), and Hangul jamo sequences and spacing marks are
 * left as the terminal draws them, one cell each. The width is what a
 * terminal shows: 2 for a joined emoji sequence or a flag, else the base's,
 * 0 for marks with no base before them. */
size_t text_cluster(const char *s, size_t len, int *width)
{
	uint32_t cp, next;
	size_t i, n;
	bool pict, emoji = false;

	*width = 0;
	if (len == 0)
		return 0;
	i = text_decode(s, len, &cp);
	if (is_control(cp) || (cp == REPLACEMENT && i != 3)) {
		*width = 1;
		return i;
	}
	*width = text_cp_width(cp);
	if (is_regional(cp) && i < len) {
		n = text_decode(s + i, len - i, &next);
		if (is_regional(next)) {
			i += n;
			emoji = true;
		}
	}
	pict = is_pictographic(cp);
	while (i < len) {
		n = text_decode(s + i, len - i, &next);
		if (next == ZWJ) {
			uint32_t after = 0;
			size_t m = i + n < len ? text_decode(s + i + n, len - i - n, &after) : 0;
			if (pict && is_pictographic(after)) {
				i += n + m;
				emoji = true;
				continue;
			}
			pict = false;
		} else if (is_modifier(next)) {
			if (!pict)
				break;
			emoji = true;
		} else if (next < 0x00A0 || text_cp_width(next) != 0) {
			break;
		}
		i += n;
	}
	if (emoji)
		*width = 2;
	return i;
}

size_t text_cluster_before(const char *s, size_t at)
{
	size_t start = 0;
	int w;

	for (size_t i = 0; i < at;) {
		start = i;
		size_t n = text_cluster(s + i, at - i, &w);
		i += n;
	}
	return start;
}

int text_width(const char *s)
{
	size_t len = strlen(s);
	int w = 0;

	for (size_t i = 0; i < len;) {
		int cw;
		i += text_cluster(s + i, len - i, &cw);
		w += cw;
	}
	return w;
}

/* The bytes a cluster takes in a cell: control characters and invalid bytes
 * (always a cluster of their own) become their mark; the rest is valid
 * UTF-8 copied as it is. A cluster without a base (marks at the start) is
 * dropped, so it cannot join whatever the screen has left of the cell. */
static size_t cluster_bytes(const char *s, size_t n, int width)
{
	uint32_t cp;
	size_t first = text_decode(s, n, &cp);

	if (width == 0)
		return 0;
	if (first == n && (is_control(cp) || cp == REPLACEMENT))
		return utf8_len(cell_char(cp));
	return n;
}

static char *cluster_put(char *p, const char *s, size_t n, int width)
{
	uint32_t cp;
	size_t first = text_decode(s, n, &cp);

	if (width == 0)
		return p;
	if (first == n && (is_control(cp) || cp == REPLACEMENT))
		return utf8_put(p, cell_char(cp));
	memcpy(p, s, n);
	return p + n;
}

/* How much of S fits in LIMIT columns while the cell's bytes, padding to
 * LIMIT included, stay within BUDGET. Sets *end (bytes of S taken) and *cols;
 * returns whether all of S was taken. Cuts only between clusters. */
static bool fit_plan(const char *s, size_t len, int limit, size_t budget,
		     size_t *end, int *cols)
{
	size_t i = 0, bytes = 0;
	int acc = 0;

	while (i < len) {
		int w;
		size_t n = text_cluster(s + i, len - i, &w);
		size_t b = cluster_bytes(s + i, n, w);
		if (acc + w > limit || bytes + b + (size_t)(limit - acc - w) > budget)
			break;
		acc += w;
		bytes += b;
		i += n;
	}
	*end = i;
	*cols = acc;
	return i == len;
}

static char *put_spaces(char *p, int n)
{
	while (n-- > 0)
		*p++ = ' ';
	return p;
}

/* The cut text is followed by the ellipsis at once ("广州…" then padding),
 * so a dropped half of a wide character shows as padding beside it. */
char *text_fit(const char *s, int width, bool right, char *out, size_t outsz)
{
	size_t len, end;
	int cols, limit;
	bool cut;

	if (outsz == 0)
		return out;
	if (width < 0)
		width = 0;
	if (!s)
		s = "";
	len = strlen(s);

	limit = width;
	cut = (size_t)limit > outsz - 1 || !fit_plan(s, len, limit, outsz - 1, &end, &cols);
	if (cut) {
		limit = width - 1;
		if (width == 0 || outsz < (size_t)width + 4) {
			/* Too small a buffer for an exact cell: blanks, never a broken one. */
			size_t n = (size_t)width < outsz - 1 ? (size_t)width : outsz - 1;
			memset(out, ' ', n);
			out[n] = '\0';
			return out;
		}
		fit_plan(s, len, limit, outsz - 1 - 3, &end, &cols);
	}

	char *p = out;
	if (right)
		p = put_spaces(p, limit - cols);
	for (size_t i = 0; i < end;) {
		int w;
		size_t n = text_cluster(s + i, end - i, &w);
		p = cluster_put(p, s + i, n, w);
		i += n;
	}
	if (cut)
		p = utf8_put(p, 0x2026);
	if (!right)
		p = put_spaces(p, limit - cols);
	*p = '\0';
	return out;
}

/* Bytes of the whole clusters A and B begin with alike. */
static size_t common_clusters(const char *a, const char *b)
{
	size_t i = 0, la = strlen(a), lb = strlen(b);
	int w;

	while (i < la && i < lb) {
		size_t n = text_cluster(a + i, la - i, &w);
		if (n != text_cluster(b + i, lb - i, &w) || memcmp(a + i, b + i, n) != 0)
			break;
		i += n;
	}
	return i;
}

/* Bytes of S a cut to WIDTH columns shows before its "…". */
static size_t shown_bytes(const char *s, int width)
{
	size_t i = 0, len = strlen(s);
	int cols = 0, w;

	while (i < len) {
		size_t k = text_cluster(s + i, len - i, &w);
		if (cols + w > width - 1)
			break;
		cols += w;
		i += k;
	}
	return i;
}

/* The end of the cluster at byte AT of S (AT at the end). */
static size_t next_cluster(const char *s, size_t at)
{
	int w;
	size_t len = strlen(s);
	return at < len ? at + text_cluster(s + at, len - at, &w) : at;
}

/* Where the part of S shown after "…" starts: DROP, or earlier while what
 * follows still fits in COLS columns, so a name that is the start of
 * another shows its own end ("…宾馆大酒", never a bare "…"). */
static size_t tail_start(const char *s, size_t drop, int cols)
{
	size_t len = strlen(s);
	int w;

	for (size_t b = 0; b < drop && b < len; b += text_cluster(s + b, len - b, &w))
		if (text_width(s + b) <= cols)
			return b;
	return drop;
}

char *text_fit_apart(const char *s, const char *const *others, size_t n, int width, char *out,
                     size_t outsz)
{
	char rest[1024];
	size_t drop = 0;

	text_fit(s, width, false, out, outsz);
	if (!s || text_width(s) <= width)
		return out;
	/* Told apart when the cut shows two characters past what S shares
	 * with each other name. */
	size_t shown = shown_bytes(s, width);
	for (size_t i = 0; i < n; i++) {
		if (!others[i] || strcmp(others[i], s) == 0)
			continue;
		size_t c = common_clusters(s, others[i]);
		if (c > drop && shown < next_cluster(s, next_cluster(s, c)))
			drop = c;
	}
	if (drop == 0)
		return out;
	drop = tail_start(s, drop, width - 1);
	snprintf(rest, sizeof rest, "\xe2\x80\xa6%s", s + drop);   /* … */
	return text_fit(rest, width, false, out, outsz);
}

char *text_sanitize(const char *s, char *out, size_t outsz)
{
	size_t len = strlen(s), used = 0;

	if (outsz == 0)
		return out;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += text_decode(s + i, len - i, &cp);
		if (cp == '\n')
			cp = TEXT_LINE_BREAK;
		else if (is_control(cp))
			cp = '?';
		if (used + utf8_len(cp) > outsz - 1)
			break;	/* cut between characters, never inside one */
		used = (size_t)(utf8_put(out + used, cp) - out);
	}
	out[used] = '\0';
	return out;
}

static bool header_ignored(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '_' || cp == 0x3000 || cp == 0xA0;
}

/* The next code point of a header that matters, folded to lower case ASCII;
 * 0 at the end. An invalid byte stands for itself (above U+10FFFF) so two
 * different broken headers never match. */
static uint32_t header_next(const char **s)
{
	for (;;) {
		size_t len = strnlen(*s, 4);
		uint32_t cp;
		size_t n;

		if (len == 0)
			return 0;
		n = text_decode(*s, len, &cp);
		if (cp == REPLACEMENT && n != 3)
			cp = 0x110000u + (unsigned char)**s;
		*s += n;
		if (header_ignored(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		return cp;
	}
}

bool text_header_eq(const char *a, const char *b)
{
	for (;;) {
		uint32_t ca = header_next(&a), cb = header_next(&b);
		if (ca != cb)
			return false;
		if (ca == 0)
			return true;
	}
}
