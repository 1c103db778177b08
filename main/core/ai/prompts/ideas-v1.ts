export const version = 'ideas-v1';
export const text = `Suggest background footage for this short video script.
Return 3 to 6 concrete stock-footage search terms (2 to 3 words each) and one short mood description.
Genre: {genre}
Script:
{script}`;
