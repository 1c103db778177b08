export const version = 'virality-v1';
export const text = `Rate how likely this short video script is to hold viewers and be shared, from 0 to 100.
Judge the hook's first second, the pace, clarity, curiosity and the ending.
Spoken length: {seconds}.
Give 2 to 5 short reasons, each naming something concrete in the script.
Script:
{script}`;
